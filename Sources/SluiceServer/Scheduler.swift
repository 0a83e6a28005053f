import Foundation
import Logging
import ServiceLifecycle
import SluiceWorkspace

/// The server's clock-driven work: at start, the runs a crash left unfinished and the uploads whose flows never
/// started; then, every tick, the commit of the notifications runs wrote, the parked runs whose Delay is over, the
/// schedules that are due, and the files that are complete in the inbox. What it starts runs
/// through the ``RunLimiter`` in the ``RunDrain``, so a graceful shutdown waits for it. It stops at a graceful
/// shutdown, before the drain, and then the limiter starts nothing more.
final class Scheduler: Service, Sendable {
    let runs: RunService
    let limiter: RunLimiter
    let starter: UploadStarter
    let inbox: Inbox
    let tick: Duration
    let logger: Logger

    init(runs: RunService, limiter: RunLimiter, starter: UploadStarter, inbox: Inbox, tick: Duration, logger: Logger) {
        self.runs = runs
        self.limiter = limiter
        self.starter = starter
        self.inbox = inbox
        self.tick = tick
        self.logger = logger
    }

    func run() async throws {
        let runs = self.runs
        switch await Blocking.run({ () throws(WorkspaceError) in try runs.takeOverStopped() }) {
        case .success(let stopped):
            if !stopped.isEmpty { logger.info("resuming runs a stop left unfinished", metadata: ["count": "\(stopped.count)"]) }
            for run in stopped { limiter.submit(run) }
        case .failure(let error): logger.error("cannot resume unfinished runs", metadata: ["error": "\(error.description)"])
        }
        starter.request()
        await cancelWhenGracefulShutdown {
            var reported: Set<String> = []
            while !Task.isCancelled {
                await self.pass(reported: &reported)
                try? await Task.sleep(for: self.tick)
            }
        }
        limiter.stop()
    }

    /// Wakes the due parked runs, fires the due schedules and takes the inbox's complete files; a flow whose schedule
    /// cannot run is logged once.
    func pass(reported: inout Set<String>) async {
        let runs = self.runs
        let inbox = self.inbox
        let result = await Blocking.run { () throws(WorkspaceError) in
            // What the runs wrote since the last pass, in one commit.
            runs.notificationBatch?.commit()
            return (try runs.wake(), try runs.fireSchedules(), inbox.take(with: runs), try runs.hasPendingUploads())
        }
        switch result {
        case .success(let (woken, tick, taken, pending)):
            // Uploads made by flows (Upload Media) wait for their triggers too.
            if pending { starter.request() }
            for run in woken + tick.runs { limiter.submit(run) }
            if !taken.uploaded.isEmpty { logger.info("uploaded from the inbox", metadata: ["assets": "\(taken.uploaded.map(\.publicID))"]) }
            for (file, reason) in taken.refused { logger.warning("an inbox file was refused", metadata: ["file": "\(file)", "reason": "\(reason)"]) }
            for problem in tick.problems where reported.insert(problem).inserted {
                logger.warning("a schedule cannot run", metadata: ["problem": "\(problem)"])
            }
        case .failure(let error):
            if reported.insert(error.description).inserted {
                logger.error("the scheduler cannot look at the workspace", metadata: ["error": "\(error.description)"])
            }
        }
    }
}
