import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMerge

/// Conflicts the merge driver left in a workspace, by document path, in `.sluice/conflicts.json`.
///
/// git runs the driver once per conflicted file while `git merge` or `git pull` holds the repository,
/// so the store has its own lock rather than the workspace lock.
public struct ConflictStore: Sendable {
    /// The workspace root.
    public let root: String

    /// The store of the workspace at `root`.
    public init(root: String) { self.root = root }

    private var file: String { root + "/" + WorkspaceLayout.localStateFolder + "/conflicts.json" }

    /// Every recorded conflict by document path.
    public func all() throws -> [String: [MergeConflict]] {
        guard let data = FileManager.default.contents(atPath: file) else { return [:] }
        let value = try JSONParser.parse(Array(data))
        return try JSONValueDecoder().decode([String: [MergeConflict]].self, from: value)
    }

    /// Replaces the conflicts of one document (an empty list clears them).
    public func record(_ conflicts: [MergeConflict], for path: String) throws {
        let lock = try WorkspaceLock(path: root + "/" + WorkspaceLayout.localStateFolder + "/conflicts.lock", timeout: 30)
        defer { withExtendedLifetime(lock) {} }
        var current = (try? all()) ?? [:]
        current[path] = conflicts.isEmpty ? nil : conflicts
        try AtomicFile.write(try JSONValueEncoder().encode(current).canonicalBytes(), to: file)
    }
}
