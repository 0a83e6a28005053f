import CLibGit2

/// File-level differences between two trees that skip equal subtrees.
extension Repository {
    /// The file-level changes from tree `old` to tree `new` (nil = the empty tree), sorted by path, without rename
    /// detection. Subtrees with the same id on both sides are skipped without being read, so the cost follows the
    /// size of the change (libgit2's tree diff reads every subtree of both trees). A mode-only change is a
    /// `.modified` change with equal ids; a file that became a symbolic link or the reverse is `.typeChanged`.
    func changedFiles(old: ObjectID?, new: ObjectID?) throws -> [TreeChange] {
        var changes: [TreeChange] = []
        try compare(old.map(lookupTree), new.map(lookupTree), prefix: "", into: &changes)
        return changes.sorted { $0.path < $1.path }
    }

    private func compare(_ old: TreeHandle?, _ new: TreeHandle?, prefix: String, into changes: inout [TreeChange]) throws {
        try withExtendedLifetime((old, new)) {
            let oldCount = old.map { git_tree_entrycount($0.pointer) } ?? 0
            let newCount = new.map { git_tree_entrycount($0.pointer) } ?? 0
            var (i, j) = (0, 0)
            while i < oldCount || j < newCount {
                let oldEntry = i < oldCount ? old.flatMap { git_tree_entry_byindex($0.pointer, i) } : nil
                let newEntry = j < newCount ? new.flatMap { git_tree_entry_byindex($0.pointer, j) } : nil
                let order: Int
                if let oldEntry, let newEntry {
                    order = Self.treeOrder(oldEntry, newEntry)
                } else {
                    order = oldEntry == nil ? 1 : -1
                }
                if order < 0, let oldEntry {
                    try report(oldEntry, side: .deleted, prefix: prefix, into: &changes)
                    i += 1
                } else if order > 0, let newEntry {
                    try report(newEntry, side: .added, prefix: prefix, into: &changes)
                    j += 1
                } else if let oldEntry, let newEntry {
                    try compareEntries(oldEntry, newEntry, prefix: prefix, into: &changes)
                    i += 1
                    j += 1
                } else {
                    break
                }
            }
        }
    }

    /// Two entries with the same name and both trees or both not.
    private func compareEntries(_ old: OpaquePointer, _ new: OpaquePointer, prefix: String, into changes: inout [TreeChange]) throws {
        guard let oldID = git_tree_entry_id(old), let newID = git_tree_entry_id(new) else { return }
        let oldMode = git_tree_entry_filemode(old)
        let newMode = git_tree_entry_filemode(new)
        if git_oid_equal(oldID, newID) != 0, oldMode == newMode { return }
        let path = prefix + (git_tree_entry_name(new).map { String(cString: $0) } ?? "")
        if git_tree_entry_type(old) == GIT_OBJECT_TREE {
            try compare(lookupTree(ObjectID(oldID)), lookupTree(ObjectID(newID)), prefix: path + "/", into: &changes)
            return
        }
        let isLink = { (mode: git_filemode_t) in mode == GIT_FILEMODE_LINK }
        changes.append(
            TreeChange(
                status: isLink(oldMode) == isLink(newMode) ? .modified : .typeChanged, oldPath: path, newPath: path, oldID: ObjectID(oldID),
                newID: ObjectID(newID), oldMode: oldMode.rawValue, newMode: newMode.rawValue))
    }

    /// An entry only on one side: a file, or every file below a tree.
    private func report(_ entry: OpaquePointer, side: TreeChange.Status, prefix: String, into changes: inout [TreeChange]) throws {
        let path = prefix + (git_tree_entry_name(entry).map { String(cString: $0) } ?? "")
        guard let id = git_tree_entry_id(entry).map(ObjectID.init) else { return }
        if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
            let tree = try lookupTree(id)
            try side == .added
                ? compare(nil, tree, prefix: path + "/", into: &changes) : compare(tree, nil, prefix: path + "/", into: &changes)
            return
        }
        let mode = git_tree_entry_filemode(entry).rawValue
        changes.append(
            side == .added
                ? TreeChange(status: .added, oldPath: nil, newPath: path, oldID: nil, newID: id, newMode: mode)
                : TreeChange(status: .deleted, oldPath: path, newPath: nil, oldID: id, newID: nil, oldMode: mode))
    }

    /// git's order of tree entries: by name bytes, a tree's name read as if it ended in `/`.
    private static func treeOrder(_ left: OpaquePointer, _ right: OpaquePointer) -> Int {
        guard let a = git_tree_entry_name(left), let b = git_tree_entry_name(right) else { return 0 }
        var index = 0
        while a[index] != 0, b[index] != 0, a[index] == b[index] { index += 1 }
        func byte(_ name: UnsafePointer<CChar>, _ entry: OpaquePointer) -> UInt8 {
            if name[index] != 0 { return UInt8(bitPattern: name[index]) }
            return git_tree_entry_type(entry) == GIT_OBJECT_TREE ? UInt8(ascii: "/") : 0
        }
        let (x, y) = (byte(a, left), byte(b, right))
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}
