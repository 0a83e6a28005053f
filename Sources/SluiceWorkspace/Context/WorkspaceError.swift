import SluiceDocuments
import SluiceGit
import SluiceMedia
import SluiceSync

/// Why a workspace operation could not be carried out. Each case keeps its cause; `description` is one line a user
/// can act on (the CLI prints it, a server would map the case to a status).
public enum WorkspaceError: Error, Sendable, CustomStringConvertible {
    /// No workspace at or above the folder.
    case notAWorkspace(String)
    /// `init` was pointed at a folder with other content.
    case folderNotEmpty(String)
    /// `init` was pointed at an existing workspace.
    case alreadyAWorkspace(String)
    /// Another process (or task) holds the workspace lock past the timeout.
    case locked(path: String, holder: Int32?)
    /// A document the operation needs has errors.
    case invalidDocuments([Problem])
    /// Nothing matches the name, slug or id the user gave.
    case notFound(Thing, query: String)
    /// Several things match the name the user gave.
    case ambiguous(Thing, query: String, matches: [String])
    /// The user's input is wrong; the message says how.
    case invalidInput(String)
    /// The operation conflicts with the workspace's state.
    case refused(Refusal)
    /// A remote could not be used.
    case remote(RemoteFailure)
    /// A git operation failed.
    case git(GitError)
    /// A merge, a stopped merge's record or a work-tree update failed.
    case sync(SyncError)
    /// A file could not be read, written or removed.
    case file(FileError)
    /// A secret cannot be sealed or opened (`path` names the document, when there is one).
    case secrets(SecretError, path: String?)
    /// The media library refused.
    case media(MediaError)
    /// A local store under `.sluice/` (the run store) cannot be used.
    case store(path: String, reason: String)
    /// A request that does not prove it may do what it asks (a webhook without a valid signature).
    case unauthorized(String)
    /// A failure of a lower layer that none of the other cases describe.
    case other(String)

    public var description: String {
        switch self {
        case .notAWorkspace(let path): "\(path) is not a Sluice workspace (no sluice.json in a git repository); run `sluice init`"
        case .folderNotEmpty(let path): "\(path) is not empty and is not a Sluice workspace; choose an empty or new folder"
        case .alreadyAWorkspace(let path): "\(path) is already a Sluice workspace"
        case .locked(let path, let holder):
            "workspace is locked by \(holder.map { "pid \($0)" } ?? "another process") (\(path)); try again when it finishes"
        case .invalidDocuments(let problems):
            problems.first.map { problems.count > 1 ? "\($0) (and \(problems.count - 1) more; run `sluice validate`)" : "\($0)" }
                ?? "invalid documents"
        case .notFound(.environmentCheckedOut(let current), let query):
            "the URL is for environment \"\(query)\" but \"\(current)\" is checked out (sluice env switch \(query))"
        case .notFound(let thing, let query): "no \(thing.name) matches \"\(query)\""
        case .ambiguous(let thing, let query, let matches):
            "\"\(query)\" matches several \(thing.name)s: \(matches.joined(separator: ", ")); use the id"
        case .invalidInput(let message): message
        case .refused(let refusal): refusal.description
        case .remote(let failure): failure.description
        case .git(let error): error.description
        case .sync(let error): error.description
        case .file(let error): error.description
        case .secrets(let error, let path): path.map { "\($0): \(error)" } ?? error.description
        case .media(let error): error.description
        case .store(let path, let reason): "cannot use \(path): \(reason)"
        case .unauthorized(let message): message
        case .other(let message): message
        }
    }
}

/// What a name, slug or id was looked up as.
public enum Thing: Sendable, Hashable {
    case flow, connection, block, secret, variable, environmentVariable, environment, remote, run, conflict, notification, transformation,
        token
    /// A run waiting for a moderation decision.
    case moderationRun
    /// An asset of one notification (its title).
    case notificationAsset(notification: String)
    /// A flow of another environment or repository (where).
    case flowIn(String)
    /// The environment a URL names, when another one is checked out.
    case environmentCheckedOut(current: String)

    /// The words for it in a message.
    public var name: String {
        switch self {
        case .flow: "flow"
        case .connection: "connection"
        case .block: "block"
        case .secret: "secret"
        case .variable: "variable"
        case .environmentVariable: "environment variable"
        case .environment: "environment"
        case .remote: "remote"
        case .run: "run"
        case .conflict: "conflict"
        case .notification: "notification"
        case .transformation: "named transformation"
        case .token: "access token"
        case .moderationRun: "run waiting for moderation"
        case .notificationAsset(let title): "asset in notification \"\(title)\""
        case .flowIn(let place): "flow in \(place)"
        case .environmentCheckedOut(let current): "environment (\"\(current)\" is checked out)"
        }
    }
}

extension WorkspaceError {
    /// The error for a failure of a lower layer, keeping it as the cause.
    init(_ error: any Error) {
        switch error {
        case let error as WorkspaceError: self = error
        case let error as GitError: self = .git(error)
        case let error as SyncError: self = .sync(error)
        case let error as FileError: self = .file(error)
        case let error as MediaError: self = .media(error)
        case let error as SecretError: self = .secrets(error, path: nil)
        case let error as FileLockError:
            switch error {
            case .held(let path, let pid): self = .locked(path: path, holder: pid)
            case .unusable(let cause): self = .file(cause)
            }
        default: self = .other("\(error)")
        }
    }
}

/// Runs `body`, turning a lower layer's error into a ``WorkspaceError`` that keeps it as the cause.
func lift<T>(_ body: () throws -> T) throws(WorkspaceError) -> T {
    do { return try body() } catch { throw WorkspaceError(error) }
}
