import SluiceGit

/// A merge stopped by conflicts, kept in `.sluice/sync.json` until `sync --continue` or `sync --abort`.
public struct SyncState: Codable, Sendable {
    /// What stopped: a sync, a promotion or an import update.
    public enum Operation: String, Codable, Sendable {
        /// `sluice sync`: the merge commit has two parents and is pushed when done.
        case sync
        /// `sluice promote`: the commit has one parent and nothing is pushed; `remote` names the source environment.
        case promote
        /// `sluice import --update`: one parent, nothing pushed; `remote` names the flow's upstream URL.
        case `import`
    }

    /// The remote being synced with (or the source environment, or the upstream URL).
    public var remote: String
    /// The environment branch.
    public var branch: String
    /// Our commit when the merge started (HEAD).
    public var ours: String
    /// The commit being merged.
    public var theirs: String
    /// Conflicts still open, by document path.
    public var conflicts: [String: [Conflict]]
    /// The merged tree; `--continue` commits it with only the conflicted documents taken from the work tree.
    public var mergedTree: String?
    /// Every document that had conflicts when the merge stopped.
    public var conflictedPaths: [String]?
    /// What stopped; absent (older records) means a sync.
    public var operation: Operation?

    /// A stopped merge.
    public init(
        remote: String, branch: String, ours: ObjectID, theirs: ObjectID, conflicts: [String: [Conflict]], mergedTree: ObjectID,
        operation: Operation
    ) {
        self.remote = remote
        self.branch = branch
        self.ours = ours.description
        self.theirs = theirs.description
        self.conflicts = conflicts
        self.mergedTree = mergedTree.description
        conflictedPaths = conflicts.keys.sorted()
        self.operation = operation == .sync ? nil : operation
    }

    /// What stopped.
    public var stoppedOperation: Operation { operation ?? .sync }

    /// Every open conflict with its document, in path order.
    public var openConflicts: [DocumentConflict] {
        DocumentConflict.list(conflicts)
    }
}
