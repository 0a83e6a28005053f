import CLibGit2

/// Reading and writing commits, trees and blobs.
extension Repository {
    /// Reads the commit `id`. Throws ``GitError`` (`isNotFound`) when it does not exist.
    public func commit(_ id: ObjectID) throws -> CommitInfo {
        try commitInfo(lookupCommit(id))
    }

    /// The history reachable from `from`, newest first, in the same order as `git log`
    /// (topological, ties broken by commit time; all parents are followed, not only the first).
    /// `limit` caps the number of commits returned; nil returns the whole history.
    public func log(from: ObjectID, limit: Int?) throws -> [CommitInfo] {
        if let limit, limit <= 0 { return [] }
        let walk = try makeHandle("git_revwalk_new", RevWalkHandle.init) { out in
            git_revwalk_new(&out, pointer)
        }
        return try withExtendedLifetime(walk) { () throws -> [CommitInfo] in
            try git("git_revwalk_sorting") {
                git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
            }
            var start = from.oid
            try git("git_revwalk_push") { git_revwalk_push(walk.pointer, &start) }
            var commits: [CommitInfo] = []
            var next = git_oid()
            while limit.map({ commits.count < $0 }) ?? true {
                let result = git_revwalk_next(&next, walk.pointer)
                if result == GIT_ITEROVER.rawValue { break }
                guard result >= 0 else { throw GitError.last(code: result, function: "git_revwalk_next") }
                commits.append(try commit(ObjectID(next)))
            }
            return commits
        }
    }

    /// Lists the entries of tree `tree` in git order. With `recursive`, descends into subtrees and
    /// returns only the non-tree entries (files, symbolic links, submodules) with full paths, like
    /// `git ls-tree -r`; otherwise returns the direct children, subtrees included.
    public func treeEntries(_ tree: ObjectID, recursive: Bool) throws -> [TreeEntry] {
        var entries: [TreeEntry] = []
        try collectEntries(tree, prefix: "", recursive: recursive, into: &entries)
        return entries
    }

    private func collectEntries(
        _ treeID: ObjectID,
        prefix: String,
        recursive: Bool,
        into entries: inout [TreeEntry]
    ) throws {
        let tree = try lookupTree(treeID)
        var children: [TreeEntry] = []
        withExtendedLifetime(tree) {
            let count = git_tree_entrycount(tree.pointer)
            for index in 0..<count {
                guard let entry = git_tree_entry_byindex(tree.pointer, index) else { continue }
                children.append(Self.copyEntry(entry, prefix: prefix))
            }
        }
        for child in children {
            if recursive, child.kind == .tree {
                try collectEntries(child.id, prefix: child.path + "/", recursive: true, into: &entries)
            } else {
                entries.append(child)
            }
        }
    }

    /// Copies a borrowed tree entry.
    static func copyEntry(_ entry: OpaquePointer, prefix: String) -> TreeEntry {
        let name = git_tree_entry_name(entry).map { String(cString: $0) } ?? ""
        let kind: TreeEntry.Kind
        switch git_tree_entry_type(entry) {
        case GIT_OBJECT_BLOB: kind = .blob
        case GIT_OBJECT_TREE: kind = .tree
        case GIT_OBJECT_COMMIT: kind = .commit
        default: kind = .other
        }
        let id = git_tree_entry_id(entry).map { ObjectID($0) } ?? ObjectID(git_oid())
        return TreeEntry(
            name: name,
            path: prefix + name,
            id: id,
            kind: kind,
            mode: git_tree_entry_filemode(entry).rawValue
        )
    }

    /// The bytes of blob `id`.
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        let blob = try lookupBlob(id)
        return withExtendedLifetime(blob) {
            let size = Int(git_blob_rawsize(blob.pointer))
            guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return [] }
            return Array(UnsafeRawBufferPointer(start: content, count: size))
        }
    }

    /// The entry at `path` (relative, `/`-separated) below tree `tree`, or nil when there is none.
    public func treeEntry(atPath path: String, tree: ObjectID) throws -> TreeEntry? {
        let root = try lookupTree(tree)
        let entry: TreeEntryHandle
        do {
            entry = try withExtendedLifetime(root) { () throws -> TreeEntryHandle in
                try makeHandle("git_tree_entry_bypath", TreeEntryHandle.init) { out in
                    git_tree_entry_bypath(&out, root.pointer, path)
                }
            }
        } catch let error as GitError where error.isNotFound {
            return nil
        }
        let prefix = path.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        return withExtendedLifetime(entry) { Self.copyEntry(entry.pointer, prefix: prefix) }
    }

    /// The bytes of the file at `path` (relative, `/`-separated) in commit `commit`, or nil when the
    /// commit has no file there (missing path, or the path is a directory or submodule).
    public func fileContents(atPath path: String, commit: ObjectID) throws -> [UInt8]? {
        guard let entry = try treeEntry(atPath: path, tree: try self.commit(commit).tree), entry.kind == .blob else {
            return nil
        }
        return try blob(entry.id)
    }

    /// Stores `bytes` as a blob and returns its id (the same id `git hash-object -w` would give).
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        var storage = bytes.isEmpty ? [UInt8(0)] : bytes
        try storage.withUnsafeMutableBytes { (buffer) throws in
            try git("git_blob_create_from_buffer") {
                git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, bytes.count)
            }
        }
        return ObjectID(oid)
    }

    /// Writes a commit object with the given tree, parents and signatures. Moves no reference.
    /// A trailing newline is added to `message` when missing, as git does.
    public func createCommit(
        tree: ObjectID,
        parents: [ObjectID],
        message: String,
        author: Signature,
        committer: Signature
    ) throws -> ObjectID {
        let treeHandle = try lookupTree(tree)
        let parentHandles = try parents.map { try lookupCommit($0) }
        let authorHandle = try SignatureHandle(author)
        let committerHandle = try SignatureHandle(committer)
        let text = message.hasSuffix("\n") ? message : message + "\n"
        var oid = git_oid()
        try withExtendedLifetime((treeHandle, parentHandles, authorHandle, committerHandle)) { () throws in
            var parentPointers: [OpaquePointer?] = parentHandles.map { $0.pointer }
            try parentPointers.withUnsafeMutableBufferPointer { (buffer) throws in
                try git("git_commit_create") {
                    git_commit_create(
                        &oid, pointer, nil, authorHandle.pointer, committerHandle.pointer,
                        nil, text, treeHandle.pointer, buffer.count, buffer.baseAddress
                    )
                }
            }
        }
        return ObjectID(oid)
    }
}
