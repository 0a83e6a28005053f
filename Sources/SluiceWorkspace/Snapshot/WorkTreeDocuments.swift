import Foundation
import SluiceDocuments
import SluiceGit

/// The document files of the work tree as git sees them, and the blob ids of those whose content is the index's.
struct WorkTreeDocuments {
    /// Every document path (and stray JSON file in a document folder), in listing order.
    var paths: [String]
    /// Blob ids of the documents whose work-tree content is the index's (what git holds), by path.
    var unchanged: [String: ObjectID]

    /// The paths holding documents of `kinds`; strays go with flows, the only folders where they can be.
    func paths(of kinds: Set<DocumentKind>) -> [String] {
        guard kinds.count < DocumentKind.allCases.count else { return paths }
        let strays = !kinds.isDisjoint(with: [.flow, .flowSecrets])
        return paths.filter { path in WorkspaceLayout.kind(at: path).map(kinds.contains) ?? strays }
    }

    /// Tracked files that still exist and untracked ones (files `.gitignore` matches are not part of the workspace),
    /// from the index and `status`. Without a usable index, the folders are scanned instead.
    static func list(root: String, repository: Repository, status: () throws -> [StatusEntry], notices: any NoticeSink) -> WorkTreeDocuments {
        do {
            let changes = try status()
            var unchanged: [String: ObjectID] = [:]
            for entry in try repository.indexEntries() where WorkspaceLayout.isDocumentFile(entry.path) { unchanged[entry.path] = entry.id }
            var paths = Set(unchanged.keys)
            for change in changes where WorkspaceLayout.isDocumentFile(change.path) {
                guard change.workdir != nil || change.index == .conflicted else { continue }
                unchanged[change.path] = nil
                var info = stat()
                // Something other than the file, or than a folder on its path, in a tracked document's place.
                let present = lstat(root + "/" + change.path, &info) == 0 || errno == ENOTDIR
                if change.workdir == .deleted, !present {
                    paths.remove(change.path)
                } else if change.workdir == .deleted {
                    // Git sees a FIFO, socket, device or folder in a document's place (or a file in its folder's) as a
                    // deletion; it is a document that cannot be read, so it stays listed (and invalid), and no commit
                    // removes it.
                    paths.insert(change.path)
                } else if FileManager.default.fileExists(atPath: root + "/" + change.path) {
                    paths.insert(change.path)
                }
            }
            return WorkTreeDocuments(paths: WorkspaceLayout.sortedForListing(paths), unchanged: unchanged)
        } catch {
            notices.notice(.workTreeScanned(reason: "\(error)"))
            var paths: [String] = []
            let walker = FileManager.default.enumerator(atPath: root)
            while let path = walker?.nextObject() as? String {
                if (path as NSString).lastPathComponent.hasPrefix(".") {
                    walker?.skipDescendants()
                } else if WorkspaceLayout.isDocumentFile(path) {
                    paths.append(path)
                }
            }
            return WorkTreeDocuments(paths: WorkspaceLayout.sortedForListing(paths), unchanged: [:])
        }
    }
}
