import Foundation
import SluiceDocuments
import SluiceGit

extension Workspace {
    /// Brings the work tree and index from commit `old` to commit `new`, writing each changed file atomically
    /// (libgit2's checkout rewrites files in place, so a kill could leave a document cut short). Refuses,
    /// changing nothing, when a file it must replace has edits that are not committed (saved while Sluice worked).
    func updateWorkTree(from old: ObjectID?, to new: ObjectID) throws {
        let oldTree = try old.map { id in try gitCall { try repository.commit(id).tree } }
        let newTree = try gitCall { try repository.commit(new).tree }
        let changes = try gitCall { try repository.diffTrees(old: oldTree, new: newTree, detectRenames: false) }
        guard !changes.isEmpty else { return }
        let dirty = Set(try gitCall { try repository.status() }.map(\.path))
        let touched = changes.map(\.path).filter { dirty.contains($0) }
        if let first = touched.first {
            throw WorkspaceError.refused("\(first) was edited while sluice worked; commit the edit (`sluice commit -m`) and try again")
        }
        try write(changes)
    }

    /// Puts every file that differs from `commit` back to its content there (atomically), and the index with it.
    func restoreWorkTree(to commit: ObjectID) throws {
        let paths = try gitCall { try repository.status() }.filter { $0.workdir != .untracked }.map(\.path)
        var changes: [TreeChange] = []
        for path in paths {
            let content = try gitCall { try repository.fileContents(atPath: path, commit: commit) }
            let blob = try content.map { bytes in try gitCall { try repository.writeBlob(bytes) } }
            changes.append(
                TreeChange(status: blob == nil ? .deleted : .modified, oldPath: path, newPath: blob == nil ? nil : path, oldID: nil, newID: blob))
        }
        try write(changes)
    }

    private func write(_ changes: [TreeChange]) throws {
        for change in changes {
            if let id = change.newID {
                try AtomicFile.write(try gitCall { try repository.blob(id) }, to: absolute(change.path))
            } else {
                try AtomicFile.remove(absolute(change.path), pruningUpTo: root)
            }
        }
        let paths = changes.flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } }
        try gitCall { try repository.stage(paths: Array(Set(paths)).sorted()) }
    }
}
