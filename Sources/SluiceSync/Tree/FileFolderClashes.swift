import SluiceGit

/// Finds where the merge would put a file of one side and a folder of the other at one path. Left alone, the tree
/// writer would silently replace one with the other; instead ours is kept and a conflict names theirs' file.
struct FileFolderClashes {
    let repository: Repository
    let oursTree: ObjectID

    /// Drops each write that clashes with a file or folder ours keeps, recording a `fileFolder` conflict at its path.
    func settle(_ plan: inout MergePlan) throws {
        let written = Set(plan.writes.keys)
        for path in plan.writes.keys.sorted() {
            let existing = try repository.treeEntry(atPath: path, tree: oursTree)
            if existing?.kind == .blob { continue }
            let folderOfOurs = existing?.kind == .tree && !plan.removals.contains(path)
            let underFile = try folders(of: path).contains { folder in
                if plan.removals.contains(folder) { return false }
                if written.contains(folder) { return true }
                return try repository.treeEntry(atPath: folder, tree: oursTree)?.kind == .blob
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
