import Foundation
import SluiceDocuments
import SluiceGit

/// A workspace on disk and what every operation on it shares: where it is, the process environment (author, key
/// location, user, lock timeout), this machine's key store, and where notices go.
///
/// A value that holds no open handle: a long-running process keeps one and calls services from many tasks at once.
/// Each operation opens its own repository handle and reads its own ``WorkspaceSnapshot``; operations that change
/// documents take the workspace lock (see docs/architecture.md, "Concurrency").
public struct WorkspaceContext: Sendable {
    /// The absolute path of the work tree.
    public let root: String
    /// The absolute path of the repository's git directory.
    public let gitDirectory: String
    /// The process environment.
    public let environment: [String: String]
    /// Where this machine keeps the workspace's secret keys.
    public let keyStore: KeyStore
    /// Where notices go.
    public let notices: any NoticeSink

    init(root: String, gitDirectory: String, environment: [String: String], notices: any NoticeSink) {
        self.root = root
        self.gitDirectory = gitDirectory.hasSuffix("/") ? String(gitDirectory.dropLast()) : gitDirectory
        self.environment = environment
        self.keyStore = KeyStore(environment: environment)
        self.notices = notices
    }

    /// Opens the workspace containing `path` (the folder itself or one above it).
    public static func open(
        at path: String, environment: [String: String] = ProcessInfo.processInfo.environment, notices: any NoticeSink = IgnoredNotices()
    ) throws(WorkspaceError) -> WorkspaceContext {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let repository = try? Repository.discover(from: absolute), let root = repository.workingDirectory,
            FileManager.default.fileExists(atPath: root + "/" + WorkspaceLayout.manifestPath)
        else { throw .notAWorkspace(absolute) }
        let trimmed = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        return WorkspaceContext(root: trimmed, gitDirectory: repository.gitDirectory, environment: environment, notices: notices)
    }

    /// The same workspace with notices going to `sink` (one per request, say).
    public func reporting(to sink: any NoticeSink) -> WorkspaceContext {
        WorkspaceContext(root: root, gitDirectory: gitDirectory, environment: environment, notices: sink)
    }

    /// The same workspace for another user (`SLUICE_USER`): whose notification marks a server request reads and writes.
    public func acting(as user: String) -> WorkspaceContext {
        var environment = environment
        environment["SLUICE_USER"] = user
        return WorkspaceContext(root: root, gitDirectory: gitDirectory, environment: environment, notices: notices)
    }

    /// The absolute path of a workspace-relative path.
    public func absolute(_ relative: String) -> String { root + "/" + relative }

    /// A user-given path (absolute, or relative to `currentDirectory`) as a workspace-relative path.
    public func relativePath(of path: String, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let absolute = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if standardized == root { return "" }
        return standardized.hasPrefix(root + "/") ? String(standardized.dropFirst(root.count + 1)) : path
    }

    /// A repository handle for one operation; it belongs to the task that opened it.
    func repository() throws(WorkspaceError) -> Repository {
        try lift { try Repository.open(at: root) }
    }

    /// A snapshot of the workspace for one operation.
    func snapshot() throws(WorkspaceError) -> WorkspaceSnapshot {
        WorkspaceSnapshot(context: self, repository: try repository())
    }

    /// The author of commits: `SLUICE_AUTHOR_NAME`/`_EMAIL`, git's config, or a default.
    func signature(_ repository: Repository) throws(WorkspaceError) -> Signature {
        try lift { try repository.defaultSignature(environment: environment) }
    }

    /// The bytes of a document file of the work tree (empty when it is absent); a link, a FIFO or an oversized file is
    /// refused, never followed or copied.
    func documentBytes(at path: String) throws(WorkspaceError) -> [UInt8] {
        switch DocumentFile.read(absolute(path)) {
        case .success(let bytes): return bytes
        case .failure(let refusal): throw .file(FileError(path: path, reason: refusal.description))
        }
    }

    /// The absolute path of a path below `.sluice/`, the local state that is never committed.
    func localStatePath(_ relative: String) -> String {
        absolute(WorkspaceLayout.localStateFolder + "/" + relative)
    }
}
