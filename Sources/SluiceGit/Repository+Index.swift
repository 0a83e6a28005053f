import CLibGit2
import Foundation

/// Staging work-tree files in the index.
extension Repository {
    /// Stages each path (relative to the work tree root, `/`-separated) and writes the index:
    /// an existing file or symbolic link is added (even when `.gitignore` matches it, like
    /// `git add -f`), with correct stat data so `git status` stays clean; a directory is staged
    /// recursively (respecting `.gitignore`, removing index entries whose files are gone); a path
    /// that no longer exists is removed from the index, including everything below it.
    /// (Directory paths are matched as libgit2 pathspecs, so avoid glob characters in them.)
    public func stage(paths: [String]) throws {
        let root = try requireWorkingDirectory(function: "stage")
        for path in paths {
            _ = try PathValidation.components(path, function: "stage")
        }
        let index = try openIndex()
        try withExtendedLifetime(index) {
            let handle = index.pointer
            for path in paths {
                let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + path)
                let type = attributes?[.type] as? FileAttributeType
                switch type {
                case .some(.typeDirectory):
                    try withStrArray([path]) { spec in
                        try git("git_index_add_all") {
                            git_index_add_all(handle, spec, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil)
                        }
                        try git("git_index_update_all") { git_index_update_all(handle, spec, nil, nil) }
                    }
                case .some:
                    try git("git_index_add_bypath") { git_index_add_bypath(handle, path) }
                case .none:
                    try git("git_index_remove_bypath") { git_index_remove_bypath(handle, path) }
                    try git("git_index_remove_directory") { git_index_remove_directory(handle, path, 0) }
                }
            }
            try git("git_index_write") { git_index_write(handle) }
        }
    }

    /// Stages every change in the work tree, respecting `.gitignore`: new and modified files are
    /// added, index entries whose files were deleted are removed. Writes the index.
    public func stageAll() throws {
        _ = try requireWorkingDirectory(function: "stageAll")
        let index = try openIndex()
        try withExtendedLifetime(index) {
            let handle = index.pointer
            try git("git_index_add_all") { git_index_add_all(handle, nil, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil) }
            try git("git_index_update_all") { git_index_update_all(handle, nil, nil, nil) }
            try git("git_index_write") { git_index_write(handle) }
        }
    }

    /// The index's entries for files (stage 0 only: conflicted paths are left out), path and blob id, in index order.
    public func indexEntries() throws -> [(path: String, id: ObjectID)] {
        let index = try openIndex()
        return withExtendedLifetime(index) {
            let count = git_index_entrycount(index.pointer)
            var entries: [(path: String, id: ObjectID)] = []
            entries.reserveCapacity(count)
            for position in 0..<count {
                guard let entry = git_index_get_byindex(index.pointer, position), git_index_entry_stage(entry) == 0,
                    let path = entry.pointee.path
                else { continue }
                entries.append((String(cString: path), ObjectID(entry.pointee.id)))
            }
            return entries
        }
    }

    /// Writes the tree described by the index (as re-read from disk) and returns its id.
    /// Throws when the index has unresolved conflicts.
    public func writeIndexTree() throws -> ObjectID {
        let index = try openIndex()
        var oid = git_oid()
        try withExtendedLifetime(index) {
            try git("git_index_write_tree") { git_index_write_tree(&oid, index.pointer) }
            // Writing the tree fills the index's cache tree; saving it keeps `git status` fast.
            try git("git_index_write") { git_index_write(index.pointer) }
        }
        return ObjectID(oid)
    }

    /// The work tree root, or a ``GitError`` for a bare repository.
    func requireWorkingDirectory(function: String) throws -> String {
        guard let root = workingDirectory else {
            throw GitError(
                code: GIT_EBAREREPO.rawValue,
                errorClass: Int32(bitPattern: GIT_ERROR_REPOSITORY.rawValue),
                message: "the repository is bare and has no work tree",
                function: function
            )
        }
        return root
    }
}
