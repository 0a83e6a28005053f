import SluiceGit

/// Finds where the merge would put a file of one side and a folder of the other at one path. Left alone, the tree
/// writer would silently replace one with the other; instead ours is kept and a conflict names theirs' file.
struct FileFolderClashes {
    var ours: TreeLookup

    /// Drops each write that clashes with a file or folder ours keeps, recording a `fileFolder` conflict at its path.
    mutating func settle(_ plan: inout MergePlan) throws {
        let written = Set(plan.writes.keys)
        for path in plan.writes.keys.sorted() {
            let existing = try ours.entry(atPath: path)
            if existing?.kind == .blob { continue }
            let folderOfOurs = existing?.kind == .tree && !plan.removals.contains(path)
            var underFile = false
            for folder in folders(of: path) where !plan.removals.contains(folder) {
                if try written.contains(folder) || ours.entry(atPath: folder)?.kind == .blob {
                    underFile = true
                    break
                }
            }
            guard folderOfOurs || underFile else { continue }
            plan.writes[path] = nil
            plan.modes[path] = nil
            plan.record(path, [Conflict.wholeFile(.fileFolder)])
        }
    }

    /// `a/b/c` → `a`, `a/b`.
    private func folders(of path: String) -> [String] {
        let parts = path.split(separator: "/")
        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: "/") }
    }
}
