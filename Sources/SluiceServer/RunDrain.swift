import ServiceLifecycle
import SluiceWorkspace
import Synchronization

/// The runs webhooks started in the background. On a graceful shutdown (SIGTERM, SIGINT) the server stops taking
/// requests first; then this service waits for these runs to end or park before the process exits.
final class RunDrain: Service, Sendable {
    private let running = Mutex<[Int: Task<Void, Never>]>([:])
    private let counter = Atomic<Int>(0)
    /// Committed once the runs have ended.
    private let notifications: NotificationBatch

    init(notifications: NotificationBatch) { self.notifications = notifications }

    /// Starts `body` in the background and keeps it until it ends.
    func start(_ body: @escaping @Sendable () async -> Void) {
        let key = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let task = Task.detached(executorPreference: RunExecutor.shared) { [weak self] in
            await body()
            _ = self?.running.withLock { $0.removeValue(forKey: key) }
        }
        running.withLock { $0[key] = task }
    }

    func run() async throws {
        // A cancellation (not a signal) ends the wait too, but the runs still get their chance to finish.
        try? await gracefulShutdown()
        while let next = running.withLock({ $0.first?.value }) {
            await next.value
            running.withLock { tasks in
                for (key, task) in tasks where task == next { tasks.removeValue(forKey: key) }
            }
        }
        notifications.commit()
    }
}

/// Where runs execute: threads of their own, not Swift's cooperative pool (one thread per core). A run's blocks write
/// to SQLite and to files and wait on locks; on the cooperative threads, two such waits at once would stall every
/// request the server is answering.
enum RunExecutor {
    static let shared = WorkerThreads(name: "sluice-run", count: 64)
}
