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
    /// Writes and removes the files of `changes`, then commits exactly those paths with `message`.
    /// Returns the new commit, or nil when nothing changed. The caller holds the lock.
    @discardableResult
    public func apply(_ changes: ChangeSet, message: String) throws -> ObjectID? {
        for (path, bytes) in changes.writes { try AtomicFile.write(bytes, to: absolute(path)) }
        for path in changes.removals { try AtomicFile.remove(absolute(path), pruningUpTo: root) }
        return try gitCall {
            try repository.commitPaths(changes.paths, message: message, signature: repository.defaultSignature(environment: environment))
        }
    }

    /// Takes the lock, lets `build` read the workspace and describe its changes, then applies and commits them.
    @discardableResult
    public func mutate<T>(_ build: (inout ChangeSet) throws -> (message: String, result: T)) throws -> T {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        var changes = ChangeSet()
        let (message, result) = try build(&changes)
        try apply(changes, message: message)
        return result
    }
}
