import CLibGit2

/// Work tree and index status.
extension Repository {
    /// Changes between HEAD and the index, and between the index and the work tree, one entry per
    /// changed path, sorted by path. Untracked directories are listed file by file. Renames between
    /// HEAD and the index are detected (`index == .renamed`, `originalPath` set).
    public func status(includeUntracked: Bool = true, includeIgnored: Bool = false) throws -> [StatusEntry] {
        var options = git_status_options()
        try git("git_status_options_init") { git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) }
        // libgit2 compares HEAD with the index by reading every tree of HEAD. When the index's cache tree says
        // at once that the index is HEAD's tree, as git itself checks, only the work tree needs looking at.
        options.show = try indexMatchesHead() ? GIT_STATUS_SHOW_WORKDIR_ONLY : GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        var flags = GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX.rawValue
        if includeUntracked {
            flags |= GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        }
        if includeIgnored {
            flags |= GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS.rawValue
        }
        options.flags = flags
        let list = try makeHandle("git_status_list_new", StatusListHandle.init) { out in
            git_status_list_new(&out, pointer, &options)
        }
        return withExtendedLifetime(list) {
            var entries: [StatusEntry] = []
            for index in 0..<git_status_list_entrycount(list.pointer) {
                guard let entry = git_status_byindex(list.pointer, index) else { continue }
                if let converted = Self.statusEntry(entry.pointee) {
                    entries.append(converted)
                }
            }
            return entries.sorted { $0.path < $1.path }
        }
    }

    /// Whether the index describes HEAD's tree exactly. The index's cache tree answers this without reading HEAD's
    /// subtrees; parts of it that are out of date are written as tree objects, as `git write-tree` would.
    private func indexMatchesHead() throws -> Bool {
        guard let head = try headCommitID() else { return false }
        let index = try openIndex()
        var oid = git_oid()
        let written = withExtendedLifetime(index) { git_index_write_tree(&oid, index.pointer) }
        // An index with conflicts has no tree: the full comparison reports them.
        guard written == 0 else { return false }
        return ObjectID(oid) == (try commit(head).tree)
    }

    private static func statusEntry(_ entry: git_status_entry) -> StatusEntry? {
        let flags = entry.status.rawValue
        func has(_ flag: git_status_t) -> Bool { flags & flag.rawValue != 0 }

        let indexChanges: [(git_status_t, StatusEntry.Change)] = [
            (GIT_STATUS_CONFLICTED, .conflicted), (GIT_STATUS_INDEX_NEW, .added),
            (GIT_STATUS_INDEX_MODIFIED, .modified), (GIT_STATUS_INDEX_DELETED, .deleted),
            (GIT_STATUS_INDEX_RENAMED, .renamed), (GIT_STATUS_INDEX_TYPECHANGE, .typeChanged),
        ]
        let workdirChanges: [(git_status_t, StatusEntry.Change)] = [
            (GIT_STATUS_IGNORED, .ignored), (GIT_STATUS_WT_NEW, .untracked),
            (GIT_STATUS_WT_MODIFIED, .modified), (GIT_STATUS_WT_DELETED, .deleted),
            (GIT_STATUS_WT_RENAMED, .renamed), (GIT_STATUS_WT_TYPECHANGE, .typeChanged),
        ]
        let index = indexChanges.first { has($0.0) }?.1
        let workdir = workdirChanges.first { has($0.0) }?.1

        guard index != nil || workdir != nil else { return nil }
        let delta = entry.index_to_workdir ?? entry.head_to_index
        guard let delta else { return nil }
        let path = (delta.pointee.new_file.path ?? delta.pointee.old_file.path).map { String(cString: $0) } ?? ""
        var originalPath: String?
        if index == .renamed, let renamed = entry.head_to_index, let old = renamed.pointee.old_file.path {
            originalPath = String(cString: old)
        }
        return StatusEntry(path: path, index: index, workdir: workdir, originalPath: originalPath)
    }
}
