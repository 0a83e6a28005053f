import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMerge

/// A sync stopped by conflicts, kept in `.sluice/sync.json` until `sync --continue` or `sync --abort`.
public struct SyncState: Codable, Sendable {
    /// The remote being synced with.
    public var remote: String
    /// The environment branch.
    public var branch: String
    /// Our commit when the merge started (HEAD).
    public var ours: String
    /// The remote's commit being merged.
    public var theirs: String
    /// Conflicts still open, by document path.
    public var conflicts: [String: [MergeConflict]]
    /// The merged tree; `--continue` commits it with only the conflicted documents taken from the work tree.
    public var mergedTree: String?
    /// Every document that had conflicts when the sync stopped.
    public var conflictedPaths: [String]?
    /// `promote` or `import` when a promotion or an import update stopped (its commit has one parent and nothing is
    /// pushed; `remote` then names the source environment or the flow's upstream URL); nil for a sync.
    public var operation: String?

    /// Every open conflict with its document, in path order.
    public var openConflicts: [DocumentConflict] {
        DocumentConflict.list(conflicts)
    }
}

/// One conflict in one document, as `sluice conflicts` lists it.
public struct DocumentConflict: Codable, Sendable, Hashable {
    public var path: String
    public var conflict: MergeConflict

    /// Conflicts by document path as one list, in path order.
    public static func list(_ conflicts: [String: [MergeConflict]]) -> [DocumentConflict] {
        conflicts.keys.sorted().flatMap { path in (conflicts[path] ?? []).map { DocumentConflict(path: path, conflict: $0) } }
    }
}

extension Workspace {
    var syncStatePath: String { absolute(WorkspaceLayout.localStateFolder + "/sync.json") }

    /// The stopped sync, if any.
    public func syncState() throws -> SyncState? {
        guard let data = FileManager.default.contents(atPath: syncStatePath) else { return nil }
        do {
            return try JSONValueDecoder().decode(SyncState.self, from: JSONParser.parse(Array(data)))
        } catch {
            throw WorkspaceError.refused("\(syncStatePath) is damaged (\(error)); run `sluice sync --abort`")
        }
    }

    func saveSyncState(_ state: SyncState?) throws {
        guard let state else {
            unlink(syncStatePath)
            unlink(repository.gitDirectory + "/MERGE_HEAD")
            return
        }
        try AtomicFile.write(try JSONValueEncoder().encode(state).canonicalBytes(), to: syncStatePath)
        // The git CLI then knows a merge is in progress (`git status`, `git commit`); a promotion is no git merge.
        if state.operation == nil {
            try AtomicFile.write(Array("\(state.theirs)\n".utf8), to: repository.gitDirectory + "/MERGE_HEAD")
        }
    }
}
