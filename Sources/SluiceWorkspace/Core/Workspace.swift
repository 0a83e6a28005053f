import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

/// A Sluice workspace: a git work tree holding documents, opened for one command.
///
/// Owns a libgit2 repository handle, so it is not `Sendable`: use it from one task.
public final class Workspace {
    /// The absolute path of the work tree.
    public let root: String
    /// The git repository.
    public let repository: Repository
    /// The process environment (author, key location, user, lock timeout).
    public let environment: [String: String]
    /// Where this machine keeps the workspace's secret keys.
    public let keyStore: KeyStore
    /// Errors of documents that commands skipped while going on with the valid ones, by path.
    public private(set) var skippedProblems: [String: [Problem]] = [:]
    /// Things a user should hear about that are not errors (a stale lock taken over).
    public private(set) var notices: [String] = []
    /// The document cache being read ahead, for the next ``documentFacts(kinds:status:)``.
    var prefetchedDocumentCache: DocumentCacheRead?

    init(root: String, repository: Repository, environment: [String: String]) {
        self.root = root
        self.repository = repository
        self.environment = environment
        self.keyStore = KeyStore(environment: environment)
    }

    /// Opens the workspace containing `path` (the folder itself or one above it).
    public static func open(at path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Workspace {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let repository: Repository?
        do { repository = try Repository.discover(from: absolute) } catch { repository = nil }
        guard let repository, let root = repository.workingDirectory,
            FileManager.default.fileExists(atPath: root + "/" + WorkspaceLayout.manifestPath)
        else { throw WorkspaceError.notAWorkspace(absolute) }
        return Workspace(root: root, repository: repository, environment: environment)
    }

    /// The absolute path of a workspace-relative path.
    public func absolute(_ relative: String) -> String { root + "/" + relative }

    /// The environment manifest.
    public func manifest() throws -> Manifest {
        let parsed = try load(WorkspaceLayout.manifestPath)
        guard case .manifest(let manifest)? = parsed.document else { throw WorkspaceError.invalidDocuments(parsed.problems) }
        return manifest
    }

    /// The name of the environment checked out (the current branch).
    public func currentEnvironment() throws -> String {
        try gitCall { try repository.currentBranch() } ?? "(detached)"
    }

    /// The lock that serializes mutating commands; waits `SLUICE_LOCK_TIMEOUT` seconds (default 10).
    public func lock() throws -> WorkspaceLock {
        let timeout = environment["SLUICE_LOCK_TIMEOUT"].flatMap(Double.init) ?? 10
        let lock = try WorkspaceLock(path: absolute(WorkspaceLayout.localStateFolder + "/lock"), timeout: timeout)
        if let pid = lock.clearedStaleHolder { notices.append("took over a stale workspace lock left by pid \(pid)") }
        clearStaleGitLocks()
        return lock
    }

    /// Removes `.lock` files a killed process left in the repository (git and libgit2 take them for a few
    /// milliseconds while writing the index or a ref). One still there after `patience` seconds, and at least that
    /// old, has no live owner; left alone, it would block every later commit.
    func clearStaleGitLocks(in directory: String? = nil, patience: TimeInterval = 3) {
        let gitDirectory = directory ?? repository.gitDirectory
        func lockFiles() -> [String] {
            var found = ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock"].map { gitDirectory + "/" + $0 }
                .filter { FileManager.default.fileExists(atPath: $0) }
            if let walker = FileManager.default.enumerator(atPath: gitDirectory + "/refs") {
                for case let path as String in walker where path.hasSuffix(".lock") { found.append(gitDirectory + "/refs/" + path) }
            }
            return found
        }
        func age(_ path: String) -> TimeInterval {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date.distantPast
            return Date().timeIntervalSince(modified)
        }
        var stale = lockFiles()
        let deadline = Date().addingTimeInterval(patience)
        // Wait while a lock is young enough to belong to a live process; old ones go at once.
        while stale.contains(where: { age($0) < patience }), Date() < deadline {
            usleep(100_000)
            stale = lockFiles()
        }
        for path in stale {
            guard age(path) >= patience, unlink(path) == 0 else { continue }
            notices.append("removed \(path), a git lock left by an interrupted process")
        }
    }

    /// Remembers something the user should hear about.
    func note(_ notice: String) { notices.append(notice) }

    /// Remembers the errors of a document a command skipped.
    func noteSkipped(_ parsed: ParsedDocument) {
        let errors = parsed.problems.filter { $0.severity == .error }
        if !errors.isEmpty { skippedProblems[parsed.path] = errors }
    }

    /// Reads and parses one document (without cross-document checks).
    public func load(_ path: String) throws -> ParsedDocument {
        guard let data = FileManager.default.contents(atPath: absolute(path)) else {
            throw WorkspaceError.io(path: path, reason: "cannot read file")
        }
        return DocumentParser.parse(path: path, bytes: Array(data))
    }

    /// Runs a git call, turning its error into a one-line workspace error.
    func gitCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as GitError { throw WorkspaceError.git("\(error)") }
    }
}

extension Workspace {
    /// A user-given path (absolute, or relative to the current folder) as a workspace-relative path.
    public func relativePath(of path: String, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let absolute = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if standardized == root { return "" }
        return standardized.hasPrefix(root + "/") ? String(standardized.dropFirst(root.count + 1)) : path
    }
}
