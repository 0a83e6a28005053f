import SluiceDocuments

/// Why a workspace command could not be carried out. Each message is one line a user can act on.
public enum WorkspaceError: Error, Sendable, CustomStringConvertible {
    /// No workspace at or above the folder.
    case notAWorkspace(String)
    /// `init` was pointed at a folder with other content.
    case folderNotEmpty(String)
    /// `init` was pointed at an existing workspace.
    case alreadyAWorkspace(String)
    /// Another process holds the workspace lock.
    case locked(path: String, holder: String)
    /// A document the command needs has errors.
    case invalidDocuments([Problem])
    /// Nothing matches the name, slug or id the user gave.
    case notFound(kind: String, query: String)
    /// Several things match the name the user gave.
    case ambiguous(kind: String, query: String, matches: [String])
    /// The user's input is wrong; the message says how.
    case invalidInput(String)
    /// The operation conflicts with the workspace's state; the message says why.
    case refused(String)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// A git operation failed.
    case git(String)

    public var description: String {
        switch self {
        case .notAWorkspace(let path): "\(path) is not a Sluice workspace (no sluice.json in a git repository); run `sluice init`"
        case .folderNotEmpty(let path): "\(path) is not empty and is not a Sluice workspace; choose an empty or new folder"
        case .alreadyAWorkspace(let path): "\(path) is already a Sluice workspace"
        case .locked(let path, let holder): "workspace is locked by \(holder) (\(path)); try again when it finishes"
        case .invalidDocuments(let problems):
            problems.first.map { problems.count > 1 ? "\($0) (and \(problems.count - 1) more; run `sluice validate`)" : "\($0)" }
                ?? "invalid documents"
        case .notFound(let kind, let query): "no \(kind) matches \"\(query)\""
        case .ambiguous(let kind, let query, let matches): "\"\(query)\" matches several \(kind)s: \(matches.joined(separator: ", ")); use the id"
        case .invalidInput(let message), .refused(let message): message
        case .io(let path, let reason): "\(path): \(reason)"
        case .git(let message): message
        }
    }
}
