import SluiceDocuments
import SluiceGit
import SluiceJSON

/// Why a merge, a conflict store or a work-tree update could not be carried out. Each keeps its cause.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    /// A git operation failed.
    case git(GitError)
    /// A file could not be written or removed.
    case file(FileError)
    /// A file the work tree update must replace was edited while Sluice worked (saved by an editor meanwhile).
    case editedMeanwhile(path: String)
    /// A record under `.sluice/` cannot be read.
    case damagedRecord(path: String, reason: String)
    /// The conflict store is locked past the timeout, or its lock cannot be taken.
    case lock(FileLockError)
    /// A resolution cannot be written at the conflict's pointer.
    case unresolvable(pointer: JSONPointer, reason: String)

    /// The error a git call or a file operation threw, kept as the cause.
    init(_ error: any Error) {
        switch error {
        case let error as SyncError: self = error
        case let error as GitError: self = .git(error)
        case let error as FileError: self = .file(error)
        default: self = .git(GitError(code: -1, errorClass: 0, message: "\(error)", function: "git"))
        }
    }

    public var description: String {
        switch self {
        case .git(let error): "\(error)"
        case .file(let error): "\(error)"
        case .editedMeanwhile(let path): "\(path) was edited while sluice worked; commit the edit (`sluice commit -m`) and try again"
        case .damagedRecord(let path, let reason): "\(path) is damaged (\(reason))"
        case .lock(let error): "\(error)"
        case .unresolvable(let pointer, let reason): "cannot set \(pointer.display): \(reason)"
        }
    }
}

/// Runs a git call, keeping its error as the cause.
func git<T>(_ body: () throws -> T) throws(SyncError) -> T {
    do { return try body() } catch { throw SyncError(error) }
}
