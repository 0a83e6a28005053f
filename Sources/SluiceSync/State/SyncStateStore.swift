import Foundation
import SluiceDocuments
import SluiceJSON

/// Where a stopped merge waits: `.sluice/sync.json`, and `MERGE_HEAD` for a sync so the git CLI knows a merge is in
/// progress (`git status`, `git commit`). The caller holds the workspace lock.
public struct SyncStateStore: Sendable {
    /// The absolute path of `.sluice/sync.json`.
    public let path: String
    private let gitDirectory: String

    /// The store of the workspace at `root` whose repository lives in `gitDirectory`.
    public init(root: String, gitDirectory: String) {
        path = root + "/" + WorkspaceLayout.localStateFolder + "/sync.json"
        self.gitDirectory = gitDirectory
    }

    /// Whether a merge is stopped (without reading the record).
    public var hasStoppedMerge: Bool { FileManager.default.fileExists(atPath: path) }

    /// The stopped merge, if any.
    public func load() throws(SyncError) -> SyncState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONValueDecoder().decode(SyncState.self, from: JSONParser.parse(Array(data)))
        } catch {
            throw .damagedRecord(path: path, reason: "\(error)")
        }
    }

    /// Records a stopped merge.
    public func save(_ state: SyncState) throws(SyncError) {
        do {
            try AtomicFile.write(try JSONValueEncoder().encode(state).canonicalBytes(), to: path)
            // A promotion or an import update is no git merge.
            if state.stoppedOperation == .sync {
                try AtomicFile.write(Array("\(state.theirs)\n".utf8), to: gitDirectory + "/MERGE_HEAD")
            }
        } catch {
            throw SyncError(error)
        }
    }

    /// Forgets the stopped merge.
    public func clear() {
        unlink(path)
        unlink(gitDirectory + "/MERGE_HEAD")
    }

    /// Whether a git merge (of the git CLI, or a stopped sync) is in progress.
    public var gitMergeInProgress: Bool { FileManager.default.fileExists(atPath: gitDirectory + "/MERGE_HEAD") }
}
