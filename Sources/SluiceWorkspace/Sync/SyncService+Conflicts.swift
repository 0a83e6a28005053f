import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

extension SyncService {
    /// The open conflicts of a stopped merge, or of a `git merge` that used the merge driver.
    public func conflicts() throws(WorkspaceError) -> [DocumentConflict] {
        try context.snapshot().openConflicts()
    }

    /// Settles one conflict: keeps ours (as the document already holds), takes theirs, or sets a value. The document is
    /// rewritten in the work tree and checked; `sync --continue` commits the merge.
    public func resolve(document query: String, pointer text: String, with resolution: Resolution) throws(WorkspaceError) {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        guard var state = try lift({ try snapshot.syncStates.load() }) else {
            throw .refused(try snapshot.openConflicts().isEmpty ? .noStoppedMerge(.resolve) : .conflictsFromGitMerge)
        }
        let path = context.relativePath(of: query)
        let pointer: JSONPointer
        do { pointer = try JSONPointer(parsing: text == "/" ? "" : text) } catch { throw .invalidInput("\(text): not a JSON pointer (\(error))") }
        guard var conflicts = state.conflicts[path], let index = conflicts.firstIndex(where: { $0.pointer == pointer }) else {
            let open = state.openConflicts.map { "\($0.path) \($0.conflict.pointer.display)" }.joined(separator: ", ")
            throw .notFound(.conflict, query: "\(path) \(pointer.display)" + (open.isEmpty ? "" : " (open: \(open))"))
        }
        let conflict = conflicts[index]
        if conflict.isWholeFile {
            // A whole-file conflict (delete/modify, a file that is not JSON): settle it with the file's bytes.
            try resolveWholeFile(path, with: resolution, theirsCommit: state.theirs, snapshot: snapshot)
        } else {
            let resolved = try lift { try resolution.apply(to: try currentValue(path), conflict: conflict) }
            if let resolved {
                let bytes = resolved.canonicalBytes()
                if WorkspaceLayout.kind(at: path) != nil {
                    let errors = DocumentParser.parse(path: path, bytes: bytes).problems.filter { $0.severity == .error }
                    guard errors.isEmpty else { throw .invalidDocuments(errors) }
                }
                try lift { try AtomicFile.write(bytes, to: context.absolute(path)) }
            } else {
                try lift { try AtomicFile.remove(context.absolute(path), pruningUpTo: context.root) }
            }
        }
        conflicts.remove(at: index)
        state.conflicts[path] = conflicts.isEmpty ? nil : conflicts
        try lift { try snapshot.syncStates.save(state) }
    }

    private func resolveWholeFile(_ path: String, with resolution: Resolution, theirsCommit: String, snapshot: WorkspaceSnapshot)
        throws(WorkspaceError)
    {
        let bytes: [UInt8]?
        switch resolution {
        case .ours: return
        case .value(let value): bytes = value.canonicalBytes()
        case .theirs:
            guard let id = ObjectID(hex: theirsCommit) else { throw .refused(.damagedState(path: snapshot.syncStates.path)) }
            bytes = try lift { try snapshot.repository.fileContents(atPath: path, commit: id) }
        }
        try lift {
            if let bytes {
                try AtomicFile.write(bytes, to: context.absolute(path))
            } else {
                try AtomicFile.remove(context.absolute(path), pruningUpTo: context.root)
            }
        }
    }

    /// The document as the work tree holds it; nil when the file is absent.
    private func currentValue(_ path: String) throws(WorkspaceError) -> JSONValue? {
        guard FileManager.default.fileExists(atPath: context.absolute(path)) else { return nil }
        let bytes = try context.documentBytes(at: path)
        do { return try JSONParser.parse(bytes) } catch { throw .refused(.notJSON(path: path, error)) }
    }
}

extension WorkspaceSnapshot {
    /// The open conflicts of a stopped merge, or of a `git merge` in progress that used the merge driver.
    func openConflicts() throws(WorkspaceError) -> [DocumentConflict] {
        if let state = try lift({ try syncStates.load() }) { return state.openConflicts }
        let store = ConflictStore(root: context.root)
        // The merge driver's records matter only while the git merge that made them is in progress.
        guard syncStates.gitMergeInProgress else {
            store.clear()
            return []
        }
        return DocumentConflict.list(try lift { try store.all() })
    }
}
