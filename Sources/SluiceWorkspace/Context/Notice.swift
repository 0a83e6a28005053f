import Foundation
import SluiceDocuments

/// Something a user should hear about that is not an error: the operation went on.
public enum Notice: Sendable, Hashable, CustomStringConvertible {
    /// A document with errors was left out; the operation went on with the valid ones.
    case skippedInvalidDocument(Problem)
    /// A lock left by a process that died was taken over.
    case staleLockTakenOver(pid: Int32)
    /// A git lock file an interrupted process left was removed.
    case removedGitLock(path: String)
    /// The document cache could not be used; every document was parsed instead.
    case documentCacheUnavailable(reason: String)
    /// git could not list the work tree; the folders were scanned instead.
    case workTreeScanned(reason: String)
    /// Notifications written by a run could not be committed; the next commit takes them.
    case notificationsNotCommitted(reason: String)
    /// A sync or promotion killed while it wrote the work tree: its files were put back as the branch has them.
    case interruptedMoveUndone(branch: String, keptEdits: [String])
    /// The same, but putting the files back failed: they show as edits.
    case interruptedMoveLeft(branch: String, reason: String)

    public var description: String {
        switch self {
        case .skippedInvalidDocument(let problem): "skipped invalid document \(problem)"
        case .staleLockTakenOver(let pid): "took over a stale workspace lock left by pid \(pid)"
        case .removedGitLock(let path): "removed \(path), a git lock left by an interrupted process"
        case .documentCacheUnavailable(let reason): "the document cache cannot be used (\(reason)); parsing every document"
        case .workTreeScanned(let reason):
            "git cannot list the work tree (\(reason)); scanning the folders instead (`sluice doctor` says how to repair it)"
        case .notificationsNotCommitted(let reason): "notifications written but not committed (\(reason)); `sluice commit` takes them"
        case .interruptedMoveUndone(let branch, let kept):
            "an interrupted sync had written part of the work tree; its files were put back as \(branch) has them (sync again)"
                + (kept.isEmpty ? "" : "; edited since, so kept as they are: \(kept.joined(separator: ", "))")
        case .interruptedMoveLeft(let branch, let reason):
            "an interrupted sync had written part of the work tree and it could not be put back (\(reason)); "
                + "`git status` shows its files; `git checkout \(branch) -- .` restores them"
        }
    }

    /// Whether it is a warning about a document rather than a note about the operation.
    public var isWarning: Bool {
        if case .skippedInvalidDocument = self { return true }
        return false
    }
}

/// Where an operation's notices go: the CLI prints them, a server logs them per request, a test collects them.
public protocol NoticeSink: Sendable {
    /// Receives one notice; may be called from any thread.
    func notice(_ notice: Notice)
}

/// Keeps notices in order, each once.
public final class NoticeLog: NoticeSink, @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var stored: [Notice] = []

    public init() {}

    public func notice(_ notice: Notice) {
        lock.withLock { if !stored.contains(notice) { stored.append(notice) } }
    }

    /// The notices so far.
    public var notices: [Notice] { lock.withLock { stored } }
}

/// Drops every notice.
public struct IgnoredNotices: NoticeSink {
    public init() {}
    public func notice(_ notice: Notice) {}
}
