import Foundation
import SluiceDocuments
import SluiceJSON

/// Runs flows (DESIGN §6): blocks whose inputs are ready run concurrently, `onError` ports catch failures, each block
/// has a timeout and retries with backoff, Apply on Each runs its branch once per item, and every finished block is
/// written to the run store before the next ones start, so a resumed run never repeats a finished block.
public final class FlowRunner: Sendable {
    public let store: RunStore
    public let services: BlockServices
    /// The block implementations, by type.
    public let registry: BlockRegistry
    /// Seconds a block may take when its `timeoutSeconds` is absent.
    public let defaultTimeout: Double
    /// Delays of at least this many seconds park the run (recorded, nothing sleeps; `sluice serve` wakes it), shorter
    /// ones sleep; nil: every Delay sleeps (a run from the command line, which has no one to wake it).
    public let parksDelaysFrom: Double?
    let clock: @Sendable () -> Date

    /// A runner writing to `store`.
    public init(
        store: RunStore, services: BlockServices, registry: BlockRegistry = .standard, defaultTimeout: Double = 300,
        parksDelaysFrom: Double? = nil, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.services = services
        self.registry = registry
        self.defaultTimeout = defaultTimeout
        self.parksDelaysFrom = parksDelaysFrom
        self.clock = clock
    }

    /// The time as the runner sees it.
    public var now: Date { clock() }

    /// What a run needs besides the flow: the payload and the values references read.
    public struct Inputs: Sendable {
        public var trigger: JSONValue
        public var triggerType: String
        public var environment: [String: JSONValue]
        public var secrets: [String: String]
        /// Assets counted as touchpoints of this run (the trigger's asset, when it passed the trigger's filter).
        public var touchpoints: [String]
        /// The connections the flow's blocks name, by id, credentials decrypted.
        public var connections: [String: RunConnection]
        /// Secret values of the run that called this one, which its data may carry.
        public var inheritedSecrets: Set<String>

        public init(
            trigger: JSONValue, triggerType: String, environment: [String: JSONValue] = [:], secrets: [String: String] = [:],
            touchpoints: [String] = [], connections: [String: RunConnection] = [:], inheritedSecrets: Set<String> = []
        ) {
            self.trigger = trigger
            self.triggerType = triggerType
            self.environment = environment
            self.secrets = secrets
            self.touchpoints = touchpoints
            self.connections = connections
            self.inheritedSecrets = inheritedSecrets
        }

        /// Replaces every value that must never reach a record or an output: flow secrets, connection credentials
        /// (and the forms blocks send them in) and the caller's secrets.
        public var redactor: Redactor {
            Redactor(secrets: Array(secrets.values) + connections.values.flatMap(\.secretValues) + inheritedSecrets)
        }
    }

    /// Starts a run of `flow` and runs it until it ends or parks.
    public func run(_ flow: RunnableFlow, _ inputs: Inputs, id: String = FlowRunner.newRunID()) async throws -> RunRecord {
        let recorded = try begin(flow, inputs, id: id)
        let record = try await execute(recorded, flow, inputs, journal: RunJournal(store: store, redact: inputs.redactor), decisions: [:])
        if let gate = flow.conditionsBlock,
            try store.steps(of: id).contains(where: { $0.blockID == gate && $0.scope.isEmpty && $0.ports.contains("then") })
        {
            for asset in inputs.touchpoints { try store.touch(runID: id, flowID: flow.id, asset: asset, at: recorded.startedAt) }
        }
        return record
    }

    /// Records a run of `flow` without running it (a webhook answers once this is on disk); ``resume(_:flow:_:decisions:)``
    /// runs it, and so does `sluice runs resume` after a crash.
    public func begin(_ flow: RunnableFlow, _ inputs: Inputs, id: String = FlowRunner.newRunID()) throws -> RunRecord {
        let run = RunRecord(
            id: id, flowID: flow.id, flowName: flow.name, flowPath: flow.path, triggerType: inputs.triggerType, trigger: inputs.trigger,
            status: .running, startedAt: clock(), finishedAt: nil, failedBlock: nil, error: nil)
        return try RunJournal(store: store, redact: inputs.redactor).begin(run, touching: flow.conditionsBlock == nil ? inputs.touchpoints : [])
    }

    /// Runs a run this process has just recorded with ``begin(_:_:id:)`` and not started: nothing to read back first.
    public func runBegun(_ run: RunRecord, flow: RunnableFlow, _ inputs: Inputs) async throws -> RunRecord {
        try await execute(run, flow, inputs, journal: RunJournal(store: store, redact: inputs.redactor), decisions: [:], fresh: true)
    }

    /// Continues a run that a crash stopped or that waits for moderation `decisions` (block id → approved).
    public func resume(_ runID: String, flow: RunnableFlow, _ inputs: Inputs, decisions: [String: Bool] = [:]) async throws -> RunRecord {
        guard var run = try store.run(runID) else { throw BlockFailure("no run \(runID)") }
        guard run.status == .running || run.status == .waiting else { return run }
        run.status = .running
        try store.finish(runID, status: .running, at: nil)
        return try await execute(run, flow, inputs, journal: RunJournal(store: store, redact: inputs.redactor), decisions: decisions)
    }

    /// A run id that sorts by time: `run_<unix ms>_<random>`.
    public static func newRunID() -> String {
        let milliseconds = Int(Date().timeIntervalSince1970 * 1000)
        return "run_\(milliseconds)_\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }

    /// The id of the run that `key` (an upload and a flow) starts at `time`: the same every time it is asked for, so a
    /// run started before a crash is found instead of started again.
    public static func runID(at time: Date, key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "run_\(Int(time.timeIntervalSince1970 * 1000))_\(String(hash, radix: 36))"
    }

    private func execute(
        _ run: RunRecord, _ flow: RunnableFlow, _ inputs: Inputs, journal: RunJournal, decisions: [String: Bool], fresh: Bool = false
    ) async throws -> RunRecord {
        let finished = Dictionary(
            try fresh ? [] : store.steps(of: run.id).map { ("\($0.scope)|\($0.blockID)", $0) }, uniquingKeysWith: { _, last in last })
        let execution = Execution(
            runner: self, run: run, flow: flow, inputs: inputs, journal: journal, finished: finished, decisions: decisions,
            sequence: (finished.values.map(\.sequence).max() ?? 0) + 1)
        let scope = RunScope(
            trigger: inputs.trigger, variables: flow.variables, environment: inputs.environment, secrets: inputs.secrets)
        let graph = FlowGraph(flow.blocks)
        let result = try await execution.execute(graph.mainBlocks, graph: graph, scopeKey: "", scope: scope)
        var record = run
        switch result {
        case .completed:
            record.status = .succeeded
            record.finishedAt = clock()
        case .waiting(let wakeAt):
            record.status = .waiting
            record.wakeAt = wakeAt
        case .failed(let block, let message):
            record.status = .failed
            record.finishedAt = clock()
            record.failedBlock = block
            record.error = message
        }
        let recorded = try journal.finish(record)
        if recorded.status == .failed, let url = flow.errorNotificationURL {
            await reportFailure(recorded, to: url, journal: journal, sequence: await execution.sequence)
        }
        return recorded
    }

    /// POSTs a failed run's summary (as recorded, so redacted) to the flow's error-notification URL. The delivery is
    /// recorded as a step of the run; a failed delivery is recorded too and never fails anything else.
    func reportFailure(_ run: RunRecord, to url: String, journal: RunJournal, sequence: Int) async {
        let summary: JSONValue = [
            "flow": ["id": .string(run.flowID), "name": .string(run.flowName)], "run": .string(run.id),
            "block": run.failedBlock.map(JSONValue.string) ?? .null, "error": .string(run.error ?? ""),
            "time": .string((run.finishedAt ?? clock()).formatted(Date.ISO8601FormatStyle())),
        ]
        let started = clock()
        var step = StepRecord(
            runID: run.id, scope: "", blockID: "error-notification", blockType: "error-notification", status: .succeeded, ports: [],
            inputs: ["url": .string(url)], output: nil, error: nil, attempts: 1, startedAt: started, finishedAt: nil, sequence: sequence)
        do {
            let response = try await HTTPTransport.send(
                "POST", url, headers: [("Content-Type", "application/json")], body: summary.compactText(), timeout: 10, redactor: journal.redact,
                outbound: services.outboundRequests)
            step.output = ["status": .number(JSONNumber(response.status))]
        } catch {
            step.status = .failed
            step.error = error.message
        }
        step.finishedAt = clock()
        try? journal.save(step)
    }
}
