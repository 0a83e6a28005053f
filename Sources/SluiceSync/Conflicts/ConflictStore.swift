import Foundation
import SluiceDocuments
import SluiceJSON

/// Conflicts the merge driver left in a workspace, by document path, in `.sluice/conflicts.json`.
///
/// git runs the driver once per conflicted file while `git merge` or `git pull` holds the repository,
/// so the store has its own lock rather than the workspace lock.
public struct ConflictStore: Sendable {
    /// The workspace root.
    public let root: String

    /// The store of the workspace at `root`.
    public init(root: String) { self.root = root }

    /// The store of the workspace at `folder`, when it holds one (git runs the merge driver at the work tree's root).
    public static func inWorkspace(at folder: String) -> ConflictStore? {
        let isWorkspace = [WorkspaceLayout.localStateFolder, WorkspaceLayout.manifestPath].contains {
            FileManager.default.fileExists(atPath: folder + "/" + $0)
        }
        return isWorkspace ? ConflictStore(root: folder) : nil
    }

    private var file: String { root + "/" + WorkspaceLayout.localStateFolder + "/conflicts.json" }

    /// Every recorded conflict by document path.
    public func all() throws(SyncError) -> [String: [Conflict]] {
        guard let data = FileManager.default.contents(atPath: file) else { return [:] }
        do {
            return try JSONValueDecoder().decode([String: [Conflict]].self, from: try JSONParser.parse(Array(data)))
        } catch {
            throw .damagedRecord(path: file, reason: "\(error)")
        }
    }

    /// Replaces the conflicts of one document (an empty list clears them).
    public func record(_ conflicts: [Conflict], for path: String) throws(SyncError) {
        let lock: FileLock
        do { lock = try FileLock(path: root + "/" + WorkspaceLayout.localStateFolder + "/conflicts.lock", timeout: 30) } catch { throw .lock(error) }
        defer { withExtendedLifetime(lock) {} }
        var current = try all()  // a damaged record is reported, not replaced by this one document's conflicts
        current[path] = conflicts.isEmpty ? nil : conflicts
        do { try AtomicFile.write(try JSONValueEncoder().encode(current).canonicalBytes(), to: file) } catch { throw SyncError(error) }
    }

    /// Forgets every record (a git merge that is no longer in progress left them).
    public func clear() {
        unlink(file)
    }
}
