import CLibGit2

/// Tree-to-tree differences.
extension Repository {
    /// The file-level changes from tree `old` to tree `new` (nil = the empty tree), sorted by path.
    /// Subtrees are compared recursively, so paths are full file paths. With `detectRenames`,
    /// a deletion and an addition with similar content (libgit2's default 50% threshold) are
    /// reported as one `.renamed` change.
    public func diffTrees(old: ObjectID?, new: ObjectID?, detectRenames: Bool) throws -> [TreeChange] {
        guard detectRenames else { return try changedFiles(old: old, new: new) }
        let oldTree = try old.map { try lookupTree($0) }
        let newTree = try new.map { try lookupTree($0) }
        var options = git_diff_options()
        try git("git_diff_options_init") { git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)) }
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        let diff = try withExtendedLifetime((oldTree, newTree)) {
            try makeHandle("git_diff_tree_to_tree", DiffHandle.init) { out in
                git_diff_tree_to_tree(&out, pointer, oldTree?.pointer, newTree?.pointer, &options)
            }
        }
        return try withExtendedLifetime(diff) { () throws -> [TreeChange] in
            if detectRenames {
                var find = git_diff_find_options()
                try git("git_diff_find_options_init") {
                    git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
                }
                find.flags = GIT_DIFF_FIND_RENAMES.rawValue
                try git("git_diff_find_similar") { git_diff_find_similar(diff.pointer, &find) }
            }
            var changes: [TreeChange] = []
            for index in 0..<git_diff_num_deltas(diff.pointer) {
                guard let delta = git_diff_get_delta(diff.pointer, index),
                    let change = Self.treeChange(delta.pointee)
                else { continue }
                changes.append(change)
            }
            return changes.sorted { $0.path < $1.path }
        }
    }

    private static func treeChange(_ delta: git_diff_delta) -> TreeChange? {
        let oldPath = delta.old_file.path.map { String(cString: $0) }
        let newPath = delta.new_file.path.map { String(cString: $0) }
        let oldID = ObjectID(delta.old_file.id)
        let newID = ObjectID(delta.new_file.id)
        let oldMode = UInt32(delta.old_file.mode)
        let newMode = UInt32(delta.new_file.mode)
        switch delta.status {
        case GIT_DELTA_ADDED, GIT_DELTA_COPIED:
            return TreeChange(status: .added, oldPath: nil, newPath: newPath, oldID: nil, newID: newID, newMode: newMode)
        case GIT_DELTA_DELETED:
            return TreeChange(status: .deleted, oldPath: oldPath, newPath: nil, oldID: oldID, newID: nil, oldMode: oldMode)
        case GIT_DELTA_MODIFIED:
            return TreeChange(status: .modified, oldPath: oldPath, newPath: newPath, oldID: oldID, newID: newID, oldMode: oldMode, newMode: newMode)
        case GIT_DELTA_RENAMED:
            return TreeChange(status: .renamed, oldPath: oldPath, newPath: newPath, oldID: oldID, newID: newID, oldMode: oldMode, newMode: newMode)
        case GIT_DELTA_TYPECHANGE:
            return TreeChange(
                status: .typeChanged, oldPath: oldPath, newPath: newPath, oldID: oldID, newID: newID, oldMode: oldMode, newMode: newMode)
        default:
            return nil
        }
    }
}
