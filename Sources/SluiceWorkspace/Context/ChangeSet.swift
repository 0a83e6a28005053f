import Foundation
import SluiceDocuments
import SluiceGit

/// The files one operation writes and removes, applied atomically file by file and committed together.
struct ChangeSet: Sendable {
    /// Workspace-relative path → new bytes.
    private(set) var writes: [(path: String, bytes: [UInt8])] = []
    /// Workspace-relative paths to remove.
    private(set) var removals: [String] = []

    /// Writes a document in canonical form, after checking that it reads back without errors.
    mutating func write(_ document: AnyDocument, to path: String) throws(WorkspaceError) {
        let bytes = try lift { try document.canonicalBytes(at: path) }
        let errors = DocumentParser.parse(path: path, bytes: bytes).problems.filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalidDocuments(errors) }
        writeRaw(bytes, to: path)
    }

    /// Writes bytes that are not a document (schemas, `.gitignore`).
    mutating func writeRaw(_ bytes: [UInt8], to path: String) {
        removals.removeAll { $0 == path }
        writes.removeAll { $0.path == path }
        writes.append((path, bytes))
    }

    /// Removes a file.
    mutating func remove(_ path: String) {
        writes.removeAll { $0.path == path }
        if !removals.contains(path) { removals.append(path) }
    }

    /// Every path the change touches.
    var paths: [String] { writes.map(\.path) + removals }
}

extension WorkspaceContext {
    /// Takes the lock, refuses while a merge is stopped, lets `build` read a snapshot taken under the lock and describe
    /// its changes, then applies and commits them.
    func mutate<T>(_ build: (WorkspaceSnapshot, inout ChangeSet) throws -> (message: CommitMessage, result: T)) throws(WorkspaceError) -> T {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try snapshot()
        try snapshot.refuseDuringStoppedMerge()
        var changes = ChangeSet()
        let (message, result) = try lift { try build(snapshot, &changes) }
        try apply(changes, message: message, repository: snapshot.repository)
        return result
    }

    /// Writes and removes the files of `changes`, then commits exactly those paths: the commit's tree is the current
    /// commit's tree with these paths changed, so whatever else is staged or edited stays out of it. When anything
    /// fails before the commit lands, the files are put back as they were. Returns the new commit, or nil when nothing
    /// changed. The caller holds the lock.
    @discardableResult
    func apply(_ changes: ChangeSet, message: CommitMessage, repository: Repository) throws(WorkspaceError) -> ObjectID? {
        let previous = changes.paths.map { ($0, FileManager.default.contents(atPath: absolute($0)).map(Array.init)) }
        let commit: ObjectID?
        do {
            for (path, bytes) in changes.writes { try AtomicFile.write(bytes, to: absolute(path)) }
            for path in changes.removals { try AtomicFile.remove(absolute(path), pruningUpTo: root) }
            commit = try commitTree(with: changes, message: message, repository: repository)
        } catch {
            restore(previous)
            throw WorkspaceError(error)
        }
        do { try repository.stage(paths: changes.paths) } catch let error as GitError {
            // The commit landed; only the index is stale, which `git reset -q` repairs.
            throw .git(
                GitError(
                    code: error.code, errorClass: error.errorClass,
                    message:
                        "\(commit.map { "committed \($0.description.prefix(10)), but " } ?? "")the index could not be updated (\(error.message)); run `git reset -q` to refresh it",
                    function: error.function))
        } catch {
            throw WorkspaceError(error)
        }
        return commit
    }

    /// Commits the current commit's tree with `changes` applied, moving the branch by compare-and-swap.
    private func commitTree(with changes: ChangeSet, message: CommitMessage, repository: Repository) throws -> ObjectID? {
        let reference = try repository.currentBranch().map { "refs/heads/\($0)" } ?? "HEAD"
        let parent = try repository.headCommitID()
        let baseTree = try parent.map { try repository.commit($0).tree }
        var blobs: [String: ObjectID] = [:]
        for (path, bytes) in changes.writes { blobs[path] = try repository.writeBlob(bytes) }
        let tree = try repository.writeTree(files: blobs, removing: Set(changes.removals), base: baseTree)
        if tree == baseTree { return nil }
        let signature = try signature(repository)
        let commit = try repository.createCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], message: message.text, author: signature, committer: signature)
        try repository.updateReference(
            reference, to: commit, expected: parent,
            logMessage: parent == nil ? "commit (initial): \(message.subject)" : "commit: \(message.subject)")
        return commit
    }

    /// Puts files back to the bytes they had (nil: the file did not exist).
    private func restore(_ previous: [(String, [UInt8]?)]) {
        for (path, bytes) in previous {
            if let bytes {
                try? AtomicFile.write(bytes, to: absolute(path))
            } else {
                try? AtomicFile.remove(absolute(path), pruningUpTo: root)
            }
        }
    }
}
