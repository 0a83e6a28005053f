import CLibGit2

/// Internal object lookups returning owner handles.
extension Repository {
    /// Looks up a commit by id.
    func lookupCommit(_ id: ObjectID) throws -> CommitHandle {
        var oid = id.oid
        return try makeHandle("git_commit_lookup", CommitHandle.init) { out in
            git_commit_lookup(&out, pointer, &oid)
        }
    }

    /// Looks up a tree by id.
    func lookupTree(_ id: ObjectID) throws -> TreeHandle {
        var oid = id.oid
        return try makeHandle("git_tree_lookup", TreeHandle.init) { out in
            git_tree_lookup(&out, pointer, &oid)
        }
    }

    /// Looks up a blob by id.
    func lookupBlob(_ id: ObjectID) throws -> BlobHandle {
        var oid = id.oid
        return try makeHandle("git_blob_lookup", BlobHandle.init) { out in
            git_blob_lookup(&out, pointer, &oid)
        }
    }

    /// Opens the repository index (shared with libgit2's repository cache), re-read from disk.
    func openIndex() throws -> IndexHandle {
        let index = try makeHandle("git_repository_index", IndexHandle.init) { out in
            git_repository_index(&out, pointer)
        }
        try withExtendedLifetime(index) { () throws in
            try git("git_index_read") { git_index_read(index.pointer, 1) }
        }
        return index
    }

    /// Copies everything out of a commit handle.
    func commitInfo(_ commit: CommitHandle) throws -> CommitInfo {
        try withExtendedLifetime(commit) { () throws -> CommitInfo in
            let handle = commit.pointer
            guard let id = git_commit_id(handle), let tree = git_commit_tree_id(handle),
                let author = git_commit_author(handle), let committer = git_commit_committer(handle)
            else {
                throw GitError(code: -1, errorClass: 0, message: "incomplete commit object", function: "git_commit_id")
            }
            let parentCount = git_commit_parentcount(handle)
            var parents: [ObjectID] = []
            for index in 0..<parentCount {
                if let parent = git_commit_parent_id(handle, index) {
                    parents.append(ObjectID(parent))
                }
            }
            let message = git_commit_message(handle).map { String(cString: $0) } ?? ""
            let summary = git_commit_summary(handle).map { String(cString: $0) } ?? ""
            return CommitInfo(
                id: ObjectID(id),
                tree: ObjectID(tree),
                parents: parents,
                message: message,
                summary: summary,
                author: Signature(author),
                committer: Signature(committer)
            )
        }
    }
}
