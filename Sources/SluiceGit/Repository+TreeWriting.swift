import CLibGit2

/// Building trees from a map of paths to blobs, with `git_treebuilder`.
extension Repository {
    /// Writes a tree made of `base` (a tree id; nil = empty) with edits applied, and returns its id.
    ///
    /// - `removing`: paths deleted from the base first. A directory path removes the whole
    ///   subtree. Paths that do not exist are ignored.
    /// - `files`: paths (relative, `/`-separated) set to blob ids afterwards; intermediate trees
    ///   are created as needed. A file that already exists keeps its executable bit; new files get
    ///   mode `100644`; `modes` sets the mode of a path explicitly (`0o100755`, `0o120000`). Adding
    ///   below a path that is a file in the base replaces that file.
    ///
    /// Directories left empty are dropped, as git cannot store them. Removing `docs` and adding
    /// `docs/a.json` in one call replaces the whole directory. A path may not be both a file and a
    /// directory in `files`.
    public func writeTree(
        files: [String: ObjectID], removing: Set<String> = [], base: ObjectID?, modes: [String: UInt32] = [:]
    ) throws -> ObjectID {
        var root = TreeEdit()
        for path in removing {
            let parts = try PathValidation.components(path, function: "writeTree")
            root.addRemoval(parts)
        }
        for (path, id) in files {
            let parts = try PathValidation.components(path, function: "writeTree")
            try root.addFile(parts, entry: TreeEdit.File(id: id, mode: modes[path]), path: path)
        }
        let baseTree = try base.map { try lookupTree($0) }
        return try withExtendedLifetime(baseTree) {
            try write(root, base: baseTree?.pointer) ?? emptyTreeID()
        }
    }

    /// Writes one level; returns nil when the resulting tree would be empty (except at the root,
    /// where the caller substitutes the empty tree).
    private func write(_ edit: TreeEdit, base: OpaquePointer?) throws -> ObjectID? {
        let builder = try makeHandle("git_treebuilder_new", TreeBuilderHandle.init) { out in
            git_treebuilder_new(&out, pointer, base)
        }
        return try withExtendedLifetime(builder) { () throws -> ObjectID? in
            let handle = builder.pointer
            for name in edit.removals.sorted() {
                if git_treebuilder_get(handle, name) != nil {
                    try git("git_treebuilder_remove") { git_treebuilder_remove(handle, name) }
                }
            }
            for (name, child) in edit.directories.sorted(by: { $0.key < $1.key }) {
                let existing = git_treebuilder_get(handle, name).map { Self.copyEntry($0, prefix: "") }
                let existingTree = existing?.kind == .tree ? existing : nil
                let childBase = try existingTree.map { try lookupTree($0.id) }
                let written = try withExtendedLifetime(childBase) {
                    try write(child, base: childBase?.pointer)
                }
                if var id = written?.oid {
                    try git("git_treebuilder_insert") {
                        git_treebuilder_insert(nil, handle, name, &id, GIT_FILEMODE_TREE)
                    }
                } else if existingTree != nil {
                    try git("git_treebuilder_remove") { git_treebuilder_remove(handle, name) }
                }
            }
            for (name, file) in edit.files.sorted(by: { $0.key < $1.key }) {
                let existing = git_treebuilder_get(handle, name).map { Self.copyEntry($0, prefix: "") }
                let mode =
                    file.mode.map(git_filemode_t.init(rawValue:))
                    ?? (existing?.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB)
                var oid = file.id.oid
                try git("git_treebuilder_insert") { git_treebuilder_insert(nil, handle, name, &oid, mode) }
            }
            guard git_treebuilder_entrycount(handle) > 0 else { return nil }
            var oid = git_oid()
            try git("git_treebuilder_write") { git_treebuilder_write(&oid, handle) }
            return ObjectID(oid)
        }
    }

    /// Writes (if needed) and returns the empty tree.
    func emptyTreeID() throws -> ObjectID {
        let builder = try makeHandle("git_treebuilder_new", TreeBuilderHandle.init) { out in
            git_treebuilder_new(&out, pointer, nil)
        }
        var oid = git_oid()
        try withExtendedLifetime(builder) {
            try git("git_treebuilder_write") { git_treebuilder_write(&oid, builder.pointer) }
        }
        return ObjectID(oid)
    }
}

/// The edits for one directory level of ``Repository/writeTree(files:removing:base:)``.
private struct TreeEdit {
    /// A file to set: its blob and, when given, its mode.
    struct File {
        var id: ObjectID
        var mode: UInt32?
    }

    var files: [String: File] = [:]
    var removals: Set<String> = []
    var directories: [String: TreeEdit] = [:]

    mutating func addRemoval(_ parts: ArraySlice<Substring>) {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            removals.insert(String(first))
        } else {
            directories[String(first), default: TreeEdit()].addRemoval(parts.dropFirst())
        }
    }

    mutating func addRemoval(_ parts: [Substring]) {
        addRemoval(parts[...])
    }

    mutating func addFile(_ parts: [Substring], entry: File, path: String) throws {
        try addFile(parts[...], entry: entry, path: path)
    }

    mutating func addFile(_ parts: ArraySlice<Substring>, entry: File, path: String) throws {
        guard let first = parts.first else { return }
        let name = String(first)
        if parts.count == 1 {
            guard directories[name]?.hasFiles != true else { throw Self.conflict(path) }
            files[name] = entry
        } else {
            guard files[name] == nil else { throw Self.conflict(path) }
            try directories[name, default: TreeEdit()].addFile(parts.dropFirst(), entry: entry, path: path)
        }
    }

    /// True when this level or a level below sets a file.
    var hasFiles: Bool {
        !files.isEmpty || directories.values.contains { $0.hasFiles }
    }

    private static func conflict(_ path: String) -> GitError {
        GitError.invalidArgument("path '\(path)' is used both as a file and as a directory", function: "writeTree")
    }
}
