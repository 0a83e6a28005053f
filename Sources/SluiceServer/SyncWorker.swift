import Logging
import ServiceLifecycle
import SluiceWorkspace

/// `serve --sync-every`: syncs the workspace with its remote on a period (commits hand edits, merges what others
/// pushed, pushes). What a sync brings is served from the next request on, and due schedules fire from the next
/// tick: teams deploy flows by pushing to git. Conflicts are logged and left for `sluice resolve`, as `sluice sync`
/// leaves them.
final class SyncWorker: Service, Sendable {
    let sync: SyncService
    let every: Duration
    let logger: Logger

    init(sync: SyncService, every: Duration, logger: Logger) {
        self.sync = sync
        self.every = every
        self.logger = logger
    }

    func run() async throws {
        let sync = self.sync
        await cancelWhenGracefulShutdown {
            var lastProblem: String?
            while !Task.isCancelled {
                try? await Task.sleep(for: self.every)
                guard !Task.isCancelled else { break }
                switch await Blocking.run({ () throws(WorkspaceError) in try sync.sync() }) {
                case .success(let report):
                    lastProblem = nil
                    if report.outcome == .conflicts {
                        self.logger.warning("sync stopped on conflicts", metadata: ["conflicts": "\(report.conflicts.count)"])
                    } else if report.outcome != .upToDate {
                        self.logger.info("synced", metadata: ["outcome": "\(report.outcome.rawValue)", "head": "\(report.head ?? "-")"])
                    }
                    for problem in report.invalidDocuments {
                        self.logger.warning("an invalid document is skipped", metadata: ["problem": "\(problem)"])
                    }
                case .failure(let error):
                    // Said once until it changes (a remote that is down would fill the log).
                    if lastProblem != error.description { self.logger.error("cannot sync", metadata: ["error": "\(error.description)"]) }
                    lastProblem = error.description
                }
            }
        }
    }
}
