import Foundation

/// A fixed set of threads taking work in order: for work that blocks (SQLite, files, locks), which on Dispatch's
/// pool (one thread per core on Linux) or Swift's cooperative pool would stall everything else while it waits. Also a
/// task executor, so that whole tasks (runs) execute on these threads.
final class WorkerThreads: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var work: [@Sendable () -> Void] = []
    private var next = 0

    /// Starts `count` threads named `name`; they live as long as the process.
    init(name: String, count: Int) {
        for index in 0..<count {
            let thread = Thread { [unowned self] in self.serve() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on one of the threads, after the work given before it has started.
    func submit(_ body: @escaping @Sendable () -> Void) {
        condition.lock()
        work.append(body)
        condition.signal()
        condition.unlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        submit { job.runSynchronously(on: executor) }
    }

    private func serve() {
        while true {
            condition.lock()
            while next == work.count { condition.wait() }
            let body = work[next]
            next += 1
            // Drop what has been taken once it is most of the array (amortized O(1) per item).
            if next > 1_024, next * 2 > work.count {
                work.removeFirst(next)
                next = 0
            }
            condition.unlock()
            body()
        }
    }
}
