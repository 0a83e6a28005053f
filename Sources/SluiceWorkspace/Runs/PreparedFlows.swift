import Foundation
import SluiceDocuments
import SluiceRunner
import Synchronization

/// Flows prepared to run (validated, their variables, secrets and connections read, a runner made), kept by a
/// long-running process between calls: `sluice serve` prepares a webhook's flow once, not once a call.
///
/// A prepared flow is used while every file it was read from (the flow, its secrets, the variables, the manifest, the
/// connections and called flows it uses), the checked-out branch (`.git/HEAD`) and the flows folder are as they were,
/// and for at most ``maximumAge``: a hand edit, a checkout or a pull shows at the next call, and a change elsewhere that
/// touches the flow (another document taking its id, say) within that age.
public final class PreparedFlows: Sendable {
    /// How long a prepared flow is used at most, however unchanged its files look.
    public static let maximumAge: Duration = .seconds(1)

    private let entries = Mutex<[String: PreparedFlow]>([:])
    private let now: @Sendable () -> ContinuousClock.Instant

    public init() { now = { ContinuousClock.now } }

    /// The flow prepared under `key` when it is still current, else the one `prepare` makes (kept when it succeeds).
    /// Preparing happens under the cache's lock: calls that arrive meanwhile wait for it instead of preparing again.
    func flow(_ key: String, context: WorkspaceContext, prepare: () throws(WorkspaceError) -> PreparedFlow) throws(WorkspaceError) -> PreparedFlow {
        let result: Result<PreparedFlow, WorkspaceError> = entries.withLock { entries in
            let now = now()
            if let kept = entries[key], now - kept.preparedAt < Self.maximumAge, kept.stamps == Self.stamps(kept.watched, context: context) {
                return .success(kept)
            }
            entries[key] = nil
            do throws(WorkspaceError) {
                let prepared = try prepare()
                prepared.preparedAt = now
                prepared.stamps = Self.stamps(prepared.watched, context: context)
                if entries.count >= 256 { entries.removeAll() }
                entries[key] = prepared
                return .success(prepared)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// What `paths` (workspace-relative, or absolute) look like now: size, change time and inode, nil when missing.
    static func stamps(_ paths: [String], context: WorkspaceContext) -> [FileStamp?] {
        paths.map { path in
            var info = stat()
            guard stat(path.hasPrefix("/") ? path : context.absolute(path), &info) == 0 else { return nil }
            return FileStamp(size: Int64(info.st_size), inode: UInt64(info.st_ino), seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
        }
    }
}

/// What a file looked like when a flow was prepared from it.
struct FileStamp: Equatable, Sendable {
    var size: Int64
    var inode: UInt64
    var seconds: Int
    var nanoseconds: Int
}

/// One flow ready to run many times: its record, the runnable flow, the inputs every run starts from (no trigger), and
/// the runner. Made and then only read (its preparation's notification writer locks itself).
final class PreparedFlow: @unchecked Sendable {
    let preparation: RunPreparation
    let record: FlowRecord
    let flow: RunnableFlow
    let inputs: FlowRunner.Inputs
    let runner: FlowRunner
    /// The files it was read from, and the branch and flows folder.
    let watched: [String]
    // Set once, by the cache, before anyone else sees it.
    var preparedAt = ContinuousClock.now
    var stamps: [FileStamp?] = []

    init(preparation: RunPreparation, record: FlowRecord, flow: RunnableFlow, inputs: FlowRunner.Inputs, runner: FlowRunner) {
        self.preparation = preparation
        self.record = record
        self.flow = flow
        self.inputs = inputs
        self.runner = runner
        watched =
            preparation.readPaths.sorted() + [
                WorkspaceLayout.flowsFolder, WorkspaceLayout.connectionsFolder, preparation.context.gitDirectory + "/HEAD",
            ]
    }
}
