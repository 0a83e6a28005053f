import CLibGit2

/// Committing work-tree changes to the current branch.
extension Repository {
    /// The workhorse for every mutating command: stages `paths` (see ``stage(paths:)``, deletions
    /// included), writes the index tree, creates a commit whose parent is the current HEAD commit
    /// (none when the branch is unborn) and moves the current branch (or a detached HEAD) with
    /// compare-and-swap against the HEAD read at the start.
    ///
    /// Returns the new commit id, or nil when the tree equals the parent's tree (nothing to commit;
    /// on an unborn branch: the index is empty). `signature` is used as author and committer;
    /// nil means ``defaultSignature(environment:)``. Throws a ``GitError`` with
    /// `isConflictingUpdate` when the branch moved meanwhile; the index then already holds the
    /// staged paths.
    public func commitPaths(_ paths: [String], message: String, signature: Signature? = nil) throws -> ObjectID? {
        try commitStaged(message: message, signature: signature) {
            try stage(paths: paths)
        }
    }

    /// Same as ``commitPaths(_:message:signature:)`` for every change in the work tree
    /// (respecting `.gitignore`): new and modified files are added, deleted files removed.
    public func commitAll(message: String, signature: Signature? = nil) throws -> ObjectID? {
        try commitStaged(message: message, signature: signature) {
            try stageAll()
        }
    }

    private func commitStaged(message: String, signature: Signature?, stageChanges: () throws -> Void) throws -> ObjectID? {
        _ = try requireWorkingDirectory(function: "commit")
        let referenceName = try headSymbolicTarget() ?? "HEAD"
        let parent = try resolveReference(referenceName)
        try stageChanges()
        let tree = try writeIndexTree()
        if let parent {
            if try commit(parent).tree == tree { return nil }
        } else if tree == Self.emptyTree {
            return nil
        }
        let identity = try signature ?? defaultSignature()
        let id = try createCommit(
            tree: tree,
            parents: parent.map { [$0] } ?? [],
            message: message,
            author: identity,
            committer: identity
        )
        let summary = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        let logMessage = parent == nil ? "commit (initial): \(summary)" : "commit: \(summary)"
        try updateReference(referenceName, to: id, expected: parent, logMessage: logMessage)
        return id
    }

    /// The id of git's empty tree.
    static let emptyTree = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
}
