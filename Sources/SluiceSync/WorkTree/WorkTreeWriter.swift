import Foundation
import SluiceDocuments
import SluiceGit

/// Moves the work tree and index between commits one file at a time, each written atomically: libgit2's checkout
/// rewrites files in place, so a kill could leave a document cut short.
public struct WorkTreeWriter {
    let repository: Repository
    let root: String

    /// A writer for the work tree at `root` of `repository`.
    public init(repository: Repository, root: String) {
        self.repository = repository
        self.root = root
    }

    /// Brings the work tree and index from commit `old` to commit `new`. Refuses, changing nothing, when a file it
    /// must replace has edits that are not committed (saved while Sluice worked).
    public func update(from old: ObjectID?, to new: ObjectID) throws(SyncError) {
        let changes = try git {
            let oldTree = try old.map { id in try repository.commit(id).tree }
            return try repository.diffTrees(old: oldTree, new: repository.commit(new).tree, detectRenames: false)
        }
        guard !changes.isEmpty else { return }
        let dirty = Set(try git { try repository.status() }.map(\.path))
        if let first = changes.map(\.path).first(where: dirty.contains) { throw .editedMeanwhile(path: first) }
        try write(changes)
    }

    /// Undoes a partial ``update(from:to:)``: every file the move from `old` to `new` changed, and that still holds
    /// what the move wrote, gets its content in `old` back (or is removed when `old` lacks it), and the index with it.
    /// A file edited since (it holds neither version) is left as it is; its path is returned.
    @discardableResult
    public func rollBack(from old: ObjectID?, to new: ObjectID) throws(SyncError) -> [String] {
        var kept: [String] = []
        let changes = try git {
            let oldTree = try old.map { id in try repository.commit(id).tree }
            var reversed: [TreeChange] = []
            for change in try repository.diffTrees(old: oldTree, new: repository.commit(new).tree, detectRenames: false) {
                let path = change.path
                let current = FileManager.default.contents(atPath: root + "/" + path).map(Array.init)
                let written = try change.newID.map { try repository.blob($0) }
                let before = try change.oldID.map { try repository.blob($0) }
                if current == before { continue }
                guard current == written else {
                    kept.append(path)
                    continue
                }
                reversed.append(
                    TreeChange(
                        status: change.oldID == nil ? .deleted : .modified, oldPath: change.newPath, newPath: change.oldPath,
                        oldID: change.newID, newID: change.oldID, oldMode: change.newMode, newMode: change.oldMode))
            }
            return reversed
        }
        try write(changes)
        return kept
    }

    /// Puts every file that differs from `commit` back to its content there, and the index with it.
    public func restore(to commit: ObjectID) throws(SyncError) {
        let changes = try git {
            try repository.status().filter { $0.workdir != .untracked }.map { entry in
                let blob = try repository.fileContents(atPath: entry.path, commit: commit).map { try repository.writeBlob($0) }
                return TreeChange(
                    status: blob == nil ? .deleted : .modified, oldPath: entry.path, newPath: blob == nil ? nil : entry.path, oldID: nil,
                    newID: blob)
            }
        }
        try write(changes)
    }

    private func write(_ changes: [TreeChange]) throws(SyncError) {
        try git {
            for change in changes {
                if let id = change.newID {
                    try AtomicFile.write(try repository.blob(id), to: root + "/" + change.path, mode: change.newMode == 0o100755 ? 0o755 : 0o644)
                } else {
                    try AtomicFile.remove(root + "/" + change.path, pruningUpTo: root)
                }
            }
            let paths = changes.flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } }
            try repository.stage(paths: Array(Set(paths)).sorted())
        }
    }
}
