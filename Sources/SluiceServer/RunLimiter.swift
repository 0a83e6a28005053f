import SluiceRunner
import SluiceWorkspace
import Synchronization

/// How many runs go at once: at most ``Limits/runs`` in all and ``Limits/runsPerFlow`` of one flow; the others wait in
/// a queue, in order, and start as running ones end. A webhook finding the queue at ``Limits/queue`` is answered 429
/// (nothing recorded). Queued runs are on disk already: a server stopped before they start leaves them to the next
/// start, which takes them over.
final class RunLimiter: Sendable {
    /// The limits of one server.
    struct Limits: Sendable {
        var runs: Int
        var runsPerFlow: Int
        var queue: Int
    }

    private struct Waiting {
        var flow: String
        var body: @Sendable () async -> Void
    }

    private struct State {
        var running = 0
        var perFlow: [String: Int] = [:]
        var queue: [Waiting] = []
        var stopped = false
    }

    let limits: Limits
    private let drain: RunDrain
    private let metrics: ServerMetrics
    private let state = Mutex(State())

    init(limits: Limits, drain: RunDrain, metrics: ServerMetrics) {
        self.limits = limits
        self.drain = drain
        self.metrics = metrics
    }

    /// Runs an accepted run as the limits allow, counts how it ended, and tells `ended`.
    func submit(_ run: AcceptedRun, ended: @escaping @Sendable (RunRecord?) -> Void = { _ in }) {
        let metrics = self.metrics
        submit(flow: run.run.flowID) {
            let record = await run.complete()
            metrics.ran(flow: run.run.flowID, status: record?.status)
            ended(record)
        }
    }

    /// Runs an accepted run as the limits allow and waits for its end, up to `limit`; nil when it has not ended by then
    /// (it goes on).
    func run(_ run: AcceptedRun, within limit: Duration) async -> RunRecord? {
        let (ends, continuation) = AsyncStream.makeStream(of: RunRecord?.self)
        submit(run) { record in
            continuation.yield(record)
            continuation.finish()
        }
        return await withTaskGroup(of: RunRecord??.self) { group in
            group.addTask {
                for await record in ends { return record }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return .some(nil)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? nil
        }
    }

    /// Whether a new webhook call must be turned away.
    var isFull: Bool { state.withLock { $0.queue.count >= limits.queue } }

    /// Runs going and runs waiting.
    var load: (running: Int, queued: Int) { state.withLock { ($0.running, $0.queue.count) } }

    /// Runs `body` (a run of `flow`) now if the limits allow, or when they do.
    private func submit(flow: String, _ body: @escaping @Sendable () async -> Void) {
        let startNow = state.withLock { state in
            guard !state.stopped, state.running < limits.runs, state.perFlow[flow, default: 0] < limits.runsPerFlow else {
                state.queue.append(Waiting(flow: flow, body: body))
                return false
            }
            state.running += 1
            state.perFlow[flow, default: 0] += 1
            return true
        }
        if startNow { start(flow: flow, body) }
    }

    /// Starts nothing more (a graceful shutdown): the runs going finish, the queued ones stay for the next start.
    func stop() { state.withLock { $0.stopped = true } }

    private func start(flow: String, _ body: @escaping @Sendable () async -> Void) {
        drain.start {
            await body()
            self.finished(flow: flow)
        }
    }

    private func finished(flow: String) {
        let next = state.withLock { state -> Waiting? in
            state.running -= 1
            state.perFlow[flow, default: 1] -= 1
            if state.perFlow[flow] == 0 { state.perFlow[flow] = nil }
            guard !state.stopped, state.running < limits.runs,
                let index = state.queue.firstIndex(where: { state.perFlow[$0.flow, default: 0] < limits.runsPerFlow })
            else { return nil }
            let waiting = state.queue.remove(at: index)
            state.running += 1
            state.perFlow[waiting.flow, default: 0] += 1
            return waiting
        }
        if let next { start(flow: next.flow, next.body) }
    }
}
