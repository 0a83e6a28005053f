import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner
import Synchronization

/// What `sluice upload` did: the assets it added and the runs their uploads started.
public struct UploadReport: Codable, Sendable {
    public var assets: [Asset]
    public var runs: [RunRecord]
    /// Flows that did not run because their documents have errors, each with its first error.
    public var skipped: [String]
}

/// A run and its steps, as `sluice logs` shows them.
public struct RunLog: Codable, Sendable {
    public var run: RunRecord
    public var steps: [StepRecord]
}

/// Running flows: by hand, on uploads, resuming after a crash, and their records.
public struct RunService: Sendable {
    let context: WorkspaceContext
    /// Delays of at least this many seconds park their run instead of sleeping (`sluice serve` wakes them); nil: every
    /// Delay sleeps.
    public let parksDelaysFrom: Double?
    /// The time runs and schedules see (a test moves it by hand).
    let clock: @Sendable () -> Date
    /// Where runs leave their notification documents to be committed together; nil: each operation commits its own.
    public let notificationBatch: NotificationBatch?
    /// Where flows stay prepared between calls (a server's webhooks); nil: each call prepares its flow.
    let preparedFlows: PreparedFlows?

    /// Runs of the workspace at `context`.
    public init(
        _ context: WorkspaceContext, parksDelaysFrom: Double? = nil, clock: @escaping @Sendable () -> Date = Date.init,
        notificationBatch: NotificationBatch? = nil, preparedFlows: PreparedFlows? = nil
    ) {
        self.context = context
        self.parksDelaysFrom = parksDelaysFrom
        self.clock = clock
        self.notificationBatch = notificationBatch
        self.preparedFlows = preparedFlows
    }

    /// What the runs of one operation share, from one snapshot of the workspace taken now.
    func prepare() throws(WorkspaceError) -> RunPreparation {
        try prepare(from: context.snapshot())
    }

    /// What the runs of one operation share, from `snapshot`.
    func prepare(from snapshot: WorkspaceSnapshot) throws(WorkspaceError) -> RunPreparation {
        try RunPreparation(snapshot, parksDelaysFrom: parksDelaysFrom, clock: clock, batch: notificationBatch)
    }

    /// Runs a flow now (`sluice run`): once per asset (those named, then those `search` finds), or once without one.
    /// Disabled flows run too: this is explicit. Up to `parallel` runs go at once (by default as many as images are
    /// rendered at once, one more than the cores); the records come back in the assets' order.
    public func run(
        _ query: String, assets: [String] = [], search: String? = nil, data: JSONValue = .object(JSONObject()),
        parallel: Int = RunService.defaultParallelRuns
    ) async throws(WorkspaceError) -> [RunRecord] {
        let preparation = try prepare()
        defer { preparation.finish() }
        let record = try preparation.snapshot.flow(query)
        let flow = try preparation.runnable(record)
        let library = try preparation.library()
        let runner = try preparation.runner(for: [flow])
        let inputs = try preparation.inputs(record, trigger: .null, triggerType: BlockTypeID.manual)
        var targets: [Asset?] = try assets.map { publicID throws(WorkspaceError) in try lift { try library.asset(publicID) } }
        if let search { targets += try lift { try library.search(search) } }
        if assets.isEmpty, search == nil { targets = [nil] }
        let triggers = targets.map { asset -> FlowRunner.Inputs in
            var prepared = inputs
            var trigger: JSONObject = ["data": data]
            if let asset { trigger["asset"] = asset.jsonValue }
            prepared.trigger = .object(trigger)
            prepared.touchpoints = asset.map { [$0.publicID] } ?? []
            return prepared
        }
        let records = try await liftAsync {
            try await withThrowingTaskGroup(of: (Int, RunRecord).self) { group in
                var records = [RunRecord?](repeating: nil, count: triggers.count)
                var started = 0
                func start() {
                    let index = started
                    started += 1
                    group.addTask { (index, try await runner.run(flow, triggers[index])) }
                }
                while started < min(max(1, parallel), triggers.count) { start() }
                while let (index, run) = try await group.next() {
                    records[index] = run
                    if started < triggers.count { start() }
                }
                return records.compactMap { $0 }
            }
        }
        // What the runs' Upload Media blocks uploaded fires its triggers (those runs show in `sluice runs`).
        var following = UploadReport(assets: [], runs: [], skipped: [])
        try await startFollowingUploads(library: library, preparation: preparation, report: &following)
        return records
    }

    /// The most flows one upload's triggers go through (each Upload Media block of a triggered flow adds one).
    static let longestUploadChain = 8

    /// How many runs `sluice run` starts at once by default.
    public static var defaultParallelRuns: Int { MediaLibrary.concurrentRenders }

    /// Uploads files, then runs every enabled flow whose On Asset Upload trigger matches each new asset. The workspace
    /// is looked at once: the flows' facts, the validation and the run inputs come from one snapshot. Every store is
    /// opened before anything changes, and each asset is catalogued together with its pending trigger, so a process
    /// killed at any moment leaves nothing that `runs resume` does not finish.
    public func upload(files: [String], options: MediaLibrary.UploadOptions, progress: (Int, String) -> Void = { _, _ in })
        async throws(WorkspaceError)
        -> UploadReport
    {
        let preparation = try prepare()
        defer { preparation.finish() }
        let library = try preparation.library()
        _ = try Self.read(try preparation.store()) { try $0.runs(limit: 1) }
        // One bad file refuses the whole batch before anything is stored. Files are checked (every image decoded once)
        // on every core; the first bad one in the order given is reported.
        // An upload whose copy has the content that was checked takes the check's findings (no second decode).
        let refusals = Mutex<[Int: MediaError]>([:])
        let checked = Mutex<[Int: MediaLibrary.CheckedFile]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            do throws(MediaError) {
                let result = try library.check(file: files[index], options: options)
                checked.withLock { $0[index] = result }
            } catch {
                refusals.withLock { $0[index] = error }
            }
        }
        if let first = refusals.withLock({ $0.min { $0.key < $1.key }?.value }) { throw .media(first) }
        var assets: [Asset] = []
        for (index, file) in files.enumerated() {
            progress(index, file)
            let found = checked.withLock { $0[index] }
            assets.append(try lift { try library.upload(file: file, options: options, queueTrigger: true, checked: found) })
        }
        // A flow document with errors never runs; its trigger cannot be trusted, so every upload says so.
        let broken = preparation.snapshot.facts(of: [.flow]).filter { !$0.isValid }.compactMap {
            $0.problems.first { $0.severity == .error }.map { "\($0)" }
        }
        var report = UploadReport(assets: assets, runs: [], skipped: broken)
        try await startUploadRuns(assets.map(MediaLibrary.PendingTrigger.init), library: library, preparation: preparation, report: &report)
        // The uploads the flows' Upload Media blocks made fire their triggers too.
        try await startFollowingUploads(library: library, preparation: preparation, report: &report)
        return report
    }

    /// Starts the flows of the uploads the runs just made (Upload Media blocks), and of the uploads those runs made, until
    /// none is left: each round lengthens the chains, which stop at ``longestUploadChain``.
    func startFollowingUploads(library: MediaLibrary, preparation: RunPreparation, report: inout UploadReport) async throws(WorkspaceError) {
        for _ in 0...Self.longestUploadChain {
            // Only the uploads flows made: a plain upload's trigger is its own process's to start.
            let pending = try lift { try library.pendingTriggers() }.filter { !$0.chain.isEmpty }
            guard !pending.isEmpty else { return }
            try await startUploadRuns(pending, library: library, preparation: preparation, report: &report)
        }
    }

    /// Whether uploads wait for their flows to start (the server then starts them).
    public func hasPendingUploads() throws(WorkspaceError) -> Bool {
        let library = try MediaService.library(context, environment: try context.snapshot().currentEnvironment())
        return try lift { try !library.pendingTriggers().isEmpty }
    }

    /// Starts, for each pending upload, a run of every enabled flow whose On Asset Upload trigger matches the asset,
    /// then clears the pending trigger. A run's id derives from the upload and the flow: one started before a kill is
    /// not started again (`resume` continues it).
    func startUploadRuns(
        _ pending: [MediaLibrary.PendingTrigger], library: MediaLibrary, preparation: RunPreparation, report: inout UploadReport
    ) async throws(WorkspaceError) {
        let snapshot = preparation.snapshot
        let triggered = snapshot.facts(of: [.flow]).filter { $0.flow?.enabled == true && $0.flow?.trigger == BlockTypeID.assetUploaded }
        var runnable: [(flow: RunnableFlow, trigger: Block, inputs: FlowRunner.Inputs)] = []
        for facts in triggered {
            do {
                let record = try snapshot.flow(facts.id ?? facts.path)
                let flow = try preparation.runnable(record)
                guard let trigger = flow.trigger else { continue }
                runnable.append((flow, trigger, try preparation.inputs(record, trigger: .null, triggerType: BlockTypeID.assetUploaded)))
            } catch {
                report.skipped.append("\(facts.name ?? facts.path): \(error)")
            }
        }
        let runner = try preparation.runner(for: runnable.map(\.flow))
        for upload in pending {
            // An asset deleted, or replaced by other content, since has nothing left of this upload to trigger. (Its
            // update time says nothing: the first flow may have tagged it before a kill stopped the second.)
            if let asset = try? library.asset(upload.publicID), asset.contentHash == upload.contentHash {
                // A flow that led to the upload is not triggered by it, and a chain stops after a few links.
                let allowed = upload.chain.count < Self.longestUploadChain
                for (flow, trigger, prepared) in runnable
                where allowed && !upload.chain.contains(flow.id) && UploadFilter.matches(trigger.config, asset) {
                    let id = FlowRunner.runID(at: upload.queuedAt, key: "\(asset.publicID)\u{0}\(flow.id)")
                    guard try Self.read(runner.store, { try $0.run(id) }) == nil else { continue }
                    var inputs = prepared
                    var payload: JSONObject = ["asset": asset.jsonValue, "data": .object(JSONObject())]
                    if !upload.chain.isEmpty { payload["uploadChain"] = .array(upload.chain.map(JSONValue.string)) }
                    inputs.trigger = .object(payload)
                    inputs.touchpoints = [asset.publicID]
                    do {
                        report.runs.append(try await runner.run(flow, inputs, id: id))
                    } catch  where RunStore.isDuplicateRun(error) {
                        // Another process (an upload beside this one, a server) started this very run first.
                        continue
                    } catch {
                        throw WorkspaceError(error)
                    }
                }
            }
            try lift { try library.clearPendingTrigger(upload) }
        }
    }

    /// Runs, newest first: of one flow (id, slug or name) and in one status when given.
    public func runs(flow query: String? = nil, status: RunStatus? = nil, limit: Int? = nil) throws(WorkspaceError) -> [RunRecord] {
        let snapshot = try context.snapshot()
        let flowID = try query.map { query throws(WorkspaceError) in try snapshot.flow(query).flow.id }
        let store = try Self.store(context, environment: snapshot.currentEnvironment())
        return try Self.read(store) { try $0.runs(flowID: flowID, status: status, limit: limit) }
    }

    /// A run and its steps: the one named, or the latest of the flow.
    public func log(flow query: String?, run runID: String?) throws(WorkspaceError) -> RunLog {
        let snapshot = try context.snapshot()
        let store = try Self.store(context, environment: snapshot.currentEnvironment())
        // With a run id the flow only double-checks it; without one, the flow must exist.
        let flowID =
            try runID == nil
            ? query.map { query throws(WorkspaceError) in try snapshot.flow(query).flow.id } : query.flatMap { try? snapshot.flow($0).flow.id }
        let run: RunRecord? =
            if let runID { try Self.read(store) { try $0.run(runID) } } else { try Self.read(store) { try $0.runs(flowID: flowID, limit: 1) }.first }
        guard let run else { throw .notFound(.run, query: runID ?? query ?? "") }
        if let query, let flowID, run.flowID != flowID { throw .refused(.runOfAnotherFlow(run: run.id, flowName: run.flowName, query: query)) }
        return RunLog(run: run, steps: try Self.read(store) { try $0.steps(of: run.id) })
    }

    /// The run store of an environment (`.sluice/runs/<environment>.sqlite`).
    static func store(_ context: WorkspaceContext, environment: String) throws(WorkspaceError) -> RunStore {
        let path = context.localStatePath("runs/" + environment + ".sqlite")
        do { return try OpenStores.runStore(at: path) } catch { throw .store(path: path, reason: StoreError.sentence(error)) }
    }

    /// Reads the run store, naming it when it fails.
    static func read<T>(_ store: RunStore, _ body: (RunStore) throws -> T) throws(WorkspaceError) -> T {
        do { return try body(store) } catch { throw .store(path: "the run store", reason: StoreError.sentence(error)) }
    }
}

/// Runs an async call of a lower layer, turning its error into a ``WorkspaceError`` that keeps it as the cause.
func liftAsync<T>(_ body: () async throws -> T) async throws(WorkspaceError) -> T {
    do { return try await body() } catch { throw WorkspaceError(error) }
}
