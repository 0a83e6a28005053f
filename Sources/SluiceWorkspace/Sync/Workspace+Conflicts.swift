import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceMerge

/// Which value `sluice resolve` keeps.
public enum Resolution: Sendable {
    case ours
    case theirs
    case value(JSONValue)
}

extension Workspace {
    /// The open conflicts of a stopped sync, or of a `git merge` that used the merge driver.
    public func openConflicts() throws -> [DocumentConflict] {
        if let state = try syncState() { return state.openConflicts }
        // The merge driver's records matter only while the git merge that made them is in progress.
        guard FileManager.default.fileExists(atPath: repository.gitDirectory + "/MERGE_HEAD") else {
            try? FileManager.default.removeItem(atPath: absolute(WorkspaceLayout.localStateFolder + "/conflicts.json"))
            return []
        }
        return DocumentConflict.list(try ConflictStore(root: root).all())
    }

    /// Settles one conflict: keeps ours (as the document already holds), takes theirs, or sets a value.
    /// The document is rewritten in the work tree and checked; the merge is committed by `sync --continue`.
    public func resolve(document query: String, pointer text: String, with resolution: Resolution) throws {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        guard var state = try syncState() else {
            let fromGit = !(try openConflicts()).isEmpty
            throw WorkspaceError.refused(
                fromGit
                    ? "these conflicts come from a git merge: edit the documents (they are valid JSON, ours kept), then `git add` and `git commit`"
                    : "no sync is waiting for conflicts to be resolved")
        }
        let path = relativePath(of: query)
        let pointer: JSONPointer
        do { pointer = try JSONPointer(parsing: text == "/" ? "" : text) } catch {
            throw WorkspaceError.invalidInput("\(text): not a JSON pointer (\(error))")
        }
        guard var conflicts = state.conflicts[path], let index = conflicts.firstIndex(where: { $0.pointer == pointer }) else {
            let open = state.openConflicts.map { "\($0.path) \($0.conflict.pointer.display)" }.joined(separator: ", ")
            throw WorkspaceError.notFound(kind: "conflict", query: "\(path) \(pointer.display)" + (open.isEmpty ? "" : " (open: \(open))"))
        }
        let conflict = conflicts[index]
        if pointer.isRoot {
            // A whole-file conflict (delete/modify, a file that is not JSON): settle it with the file's bytes.
            try resolveWholeFile(path, with: resolution, theirsCommit: state.theirs)
            conflicts.remove(at: index)
            state.conflicts[path] = conflicts.isEmpty ? nil : conflicts
            try saveSyncState(state)
            return
        }
        var document = try currentValue(path)
        switch resolution {
        case .ours: break
        case .theirs: document = try replacing(document, at: pointer, with: conflict.theirs)
        case .value(let value): document = try replacing(document, at: pointer, with: value)
        }
        var changes = ChangeSet()
        if let document {
            let bytes = document.canonicalBytes()
            if WorkspaceLayout.kind(at: path) != nil {
                let parsed = DocumentParser.parse(path: path, bytes: bytes)
                let errors = parsed.problems.filter { $0.severity == .error }
                guard errors.isEmpty else { throw WorkspaceError.invalidDocuments(errors) }
            }
            changes.writeRaw(bytes, to: path)
        } else {
            changes.remove(path)
        }
        for (file, bytes) in changes.writes { try AtomicFile.write(bytes, to: absolute(file)) }
        for file in changes.removals { try AtomicFile.remove(absolute(file), pruningUpTo: root) }
        conflicts.remove(at: index)
        state.conflicts[path] = conflicts.isEmpty ? nil : conflicts
        try saveSyncState(state)
    }

    private func resolveWholeFile(_ path: String, with resolution: Resolution, theirsCommit: String) throws {
        let bytes: [UInt8]?
        switch resolution {
        case .ours: return
        case .value(let value): bytes = value.canonicalBytes()
        case .theirs:
            guard let id = ObjectID(hex: theirsCommit) else { throw WorkspaceError.refused("sync state names a bad commit \(theirsCommit)") }
            bytes = try gitCall { try repository.fileContents(atPath: path, commit: id) }
        }
        if let bytes {
            try AtomicFile.write(bytes, to: absolute(path))
        } else {
            try AtomicFile.remove(absolute(path), pruningUpTo: root)
        }
    }

    private func currentValue(_ path: String) throws -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: absolute(path)) else { return nil }
        do { return try JSONParser.parse(Array(data)) } catch {
            throw WorkspaceError.refused("\(path):\(error.line):\(error.column): not valid JSON (\(error.message)); fix it first")
        }
    }

    private func replacing(_ document: JSONValue?, at pointer: JSONPointer, with value: JSONValue?) throws -> JSONValue? {
        if pointer.isRoot { return value }
        var result = document ?? .object(JSONObject())
        if let value {
            do { try result.set(value, at: pointer) } catch {
                throw WorkspaceError.refused("cannot set \(pointer.display): \(error)")
            }
        } else {
            result.removeValue(at: pointer)
        }
        return result
    }
}
