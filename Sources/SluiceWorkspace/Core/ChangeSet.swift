import Foundation
import SluiceDocuments
import SluiceGit

/// The files one command writes and removes, applied atomically file by file and committed together.
public struct ChangeSet: Sendable {
    /// Workspace-relative path → new bytes.
    public private(set) var writes: [(path: String, bytes: [UInt8])] = []
    /// Workspace-relative paths to remove.
    public private(set) var removals: [String] = []

    public init() {}

    /// Writes a document in canonical form, after checking that it reads back without errors.
    public mutating func write(_ document: AnyDocument, to path: String) throws {
        let bytes = try document.canonicalBytes(at: path)
        let reread = DocumentParser.parse(path: path, bytes: bytes)
        let errors = reread.problems.filter { $0.severity == .error }
        guard errors.isEmpty else { throw WorkspaceError.invalidDocuments(errors) }
        writeRaw(bytes, to: path)
    }

    /// Writes bytes that are not a document (schemas, `.gitignore`).
    public mutating func writeRaw(_ bytes: [UInt8], to path: String) {
        removals.removeAll { $0 == path }
        writes.removeAll { $0.path == path }
        writes.append((path, bytes))
    }

    /// Removes a file.
    public mutating func remove(_ path: String) {
        writes.removeAll { $0.path == path }
        if !removals.contains(path) { removals.append(path) }
    }

    /// Every path the change touches.
    public var paths: [String] { writes.map(\.path) + removals }
}

extension Workspace {
    /// Writes and removes the files of `changes`, then commits exactly those paths with `message`:
    /// the commit's tree is the current commit's tree with these paths changed, so whatever else
    /// is staged or edited stays out of it. When anything fails before the commit lands, the files
    /// are put back as they were. Returns the new commit, or nil when nothing changed. The caller holds the lock.
    @discardableResult
    public func apply(_ changes: ChangeSet, message: String) throws -> ObjectID? {
        let previous = changes.paths.map { ($0, FileManager.default.contents(atPath: absolute($0)).map(Array.init)) }
        let commit: ObjectID?
        do {
            for (path, bytes) in changes.writes { try AtomicFile.write(bytes, to: absolute(path)) }
            for path in changes.removals { try AtomicFile.remove(absolute(path), pruningUpTo: root) }
            commit = try gitCall { try commitTree(with: changes, message: message) }
        } catch {
            restore(previous)
            throw error
        }
        do {
            try repository.stage(paths: changes.paths)
        } catch {
            let made = commit.map { "committed \($0.description.prefix(10)), but " } ?? ""
            throw WorkspaceError.git("\(made)the index could not be updated (\(error)); run `git reset -q` to refresh it")
        }
        return commit
    }

    /// Commits the current commit's tree with `changes` applied, moving the branch by compare-and-swap.
    private func commitTree(with changes: ChangeSet, message: String) throws -> ObjectID? {
        let reference = try repository.currentBranch().map { "refs/heads/\($0)" } ?? "HEAD"
        let parent = try repository.headCommitID()
        let baseTree = try parent.map { try repository.commit($0).tree }
        var blobs: [String: ObjectID] = [:]
        for (path, bytes) in changes.writes { blobs[path] = try repository.writeBlob(bytes) }
        let tree = try repository.writeTree(files: blobs, removing: Set(changes.removals), base: baseTree)
        if tree == baseTree { return nil }
        let signature = try repository.defaultSignature(environment: environment)
        let commit = try repository.createCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: signature, committer: signature)
        let summary = message.split(separator: "\n").first.map(String.init) ?? message
        try repository.updateReference(
            reference, to: commit, expected: parent, logMessage: parent == nil ? "commit (initial): \(summary)" : "commit: \(summary)")
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

    /// Commands that commit refuse while a sync waits for conflicts: a commit then would move HEAD under the merge.
    func refuseDuringStoppedSync() throws {
        guard FileManager.default.fileExists(atPath: syncStatePath) else { return }
        throw WorkspaceError.refused(
            "a sync is waiting for conflicts to be resolved: `sluice conflicts`, `sluice resolve`, then `sluice sync --continue` (or --abort)")
    }

    /// Takes the lock, lets `build` read the workspace and describe its changes, then applies and commits them.
    @discardableResult
    public func mutate<T>(_ build: (inout ChangeSet) throws -> (message: String, result: T)) throws -> T {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        try refuseDuringStoppedSync()
        var changes = ChangeSet()
        let (message, result) = try build(&changes)
        try apply(changes, message: message)
        return result
    }
}
