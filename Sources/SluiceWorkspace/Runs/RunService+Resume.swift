import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

/// A run on disk that this process is to run (or run on): a webhook call accepted, a schedule fired, a parked run
/// woken, a run a crash stopped. It is recorded before it is handed out, so it happens exactly once even if the
/// process dies now; ``complete()`` runs it. A ``duplicate`` is a call accepted before (a webhook sent again), and
/// runs nothing.
public final class AcceptedRun: @unchecked Sendable {
    public let run: RunRecord
    /// Whether this call was accepted before, as `run`.
    public let duplicate: Bool
    /// Whether this process recorded the run just now and nothing of it ran yet (it runs without reading it back).
    let begun: Bool
    /// For a webhook whose trigger asks to answer with the run's result (`respond: result`), how long to wait for it.
    public internal(set) var respondWithin: Double?
    private let runner: FlowRunner
    private let flow: RunnableFlow
    private let inputs: FlowRunner.Inputs
    // Used by `complete()` only, once.
    private let preparation: RunPreparation

    init(
        run: RunRecord, duplicate: Bool, begun: Bool = false, runner: FlowRunner, flow: RunnableFlow, inputs: FlowRunner.Inputs,
        preparation: RunPreparation
    ) {
        self.run = run
        self.duplicate = duplicate
        self.begun = begun
        self.runner = runner
        self.flow = flow
        self.inputs = inputs
        self.preparation = preparation
    }

    /// The trigger block of the run's flow.
    var flowTrigger: Block? { flow.trigger }

    /// Runs the run to its end (or until it parks again), then commits the notifications it wrote; nil when the run
    /// store failed (`runs resume`, or the next start of the server, finishes it).
    @discardableResult
    public func complete() async -> RunRecord? {
        defer { preparation.finish() }
        guard !duplicate else { return run }
        if begun { return try? await runner.runBegun(run, flow: flow, inputs) }
        return try? await runner.resume(run.id, flow: flow, inputs)
    }
}

extension RunService {
    /// Continues, one after the other, the runs a crash or a kill left unfinished (their process is gone: runs another
    /// live process is running are left to it), then the runs parked on a Delay whose time has come, from the flow
    /// documents checked out now.
    public func resume() async throws(WorkspaceError) -> [RunRecord] {
        var resumed = try await startPendingUploads()
        for run in try takeOverStopped() + wake() {
            if let record = await run.complete() { resumed.append(record) }
        }
        return resumed
    }

    /// Starts the flows of uploads that a kill stopped before their flows started.
    public func startPendingUploads() async throws(WorkspaceError) -> [RunRecord] {
        let preparation = try prepare()
        defer { preparation.finish() }
        let library = try preparation.library()
        let pending = try lift { try library.pendingTriggers() }
        guard !pending.isEmpty else { return [] }
        var started = UploadReport(assets: [], runs: [], skipped: [])
        try await startUploadRuns(pending, library: library, preparation: preparation, report: &started)
        try await startFollowingUploads(library: library, preparation: preparation, report: &started)
        return started.runs
    }

    /// The runs parked on a Delay whose wake time has come, taken over by this process, ready to run on.
    public func wake() throws(WorkspaceError) -> [AcceptedRun] {
        let now = clock()
        let store = try Self.store(context, environment: try context.snapshot().currentEnvironment())
        return try claim(try Self.read(store) { try $0.dueRuns(at: now) }, .due(now), in: store)
    }

    /// The runs left running by processes that are gone (a crash, a kill), taken over by this process.
    public func takeOverStopped() throws(WorkspaceError) -> [AcceptedRun] {
        let store = try Self.store(context, environment: try context.snapshot().currentEnvironment())
        return try claim(try Self.read(store) { try $0.runs(status: .running) }.reversed().map(\.id), .stopped, in: store)
    }

    /// Takes over each of `ids` that is still in the state `claim` names (another process may have taken it
    /// meanwhile), prepared to run on from the flow document checked out now. A run whose flow is gone or invalid
    /// fails with the reason instead.
    func claim(_ ids: [String], _ claim: RunStore.Claim, in store: RunStore, decision: RunStore.Decision? = nil) throws(WorkspaceError)
        -> [AcceptedRun]
    {
        var accepted: [AcceptedRun] = []
        for id in ids {
            guard let run = try Self.read(store, { try $0.claim(id, claim, decision: decision) }) else { continue }
            let preparation = try prepare()
            do throws(WorkspaceError) {
                let record = try preparation.snapshot.flow(run.flowID)
                let flow = try preparation.runnable(record)
                let runner = try preparation.runner(for: [flow])
                let inputs = try preparation.inputs(record, trigger: run.trigger, triggerType: run.triggerType)
                accepted.append(AcceptedRun(run: run, duplicate: false, runner: runner, flow: flow, inputs: inputs, preparation: preparation))
            } catch {
                let reason = "cannot run on: \(error.description)"
                try Self.read(store) { try $0.finish(run.id, status: .failed, at: clock(), error: reason) }
            }
        }
        return accepted
    }
}
