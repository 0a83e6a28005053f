import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

extension Workspace {
    /// Every document in the work tree, parsed, with cross-document checks when `checkReferences`.
    /// JSON files in Sluice's folders that are not documents come back as problems of their own.
    public func loadDocuments(kinds: Set<DocumentKind> = Set(DocumentKind.allCases), checkReferences: Bool = true) -> [ParsedDocument] {
        var documents = Self.parseConcurrently(documentPaths(kinds: kinds), root: root)
        if checkReferences { WorkspaceChecker.check(&documents) }
        documents.forEach(noteSkipped)
        return documents
    }

    /// Reads and parses documents on every core; parsing is pure, so the order of the result is the order of `paths`.
    static func parseConcurrently(_ paths: [String], root: String) -> [ParsedDocument] {
        concurrentMap(paths) { path in
            DocumentParser.parse(path: path, bytes: FileManager.default.contents(atPath: root + "/" + path).map(Array.init) ?? [])
        }
    }

    /// The workspace-relative paths of documents of the given kinds, and of stray JSON files in document folders.
    public func documentPaths(kinds: Set<DocumentKind> = Set(DocumentKind.allCases)) -> [String] {
        workTreeDocuments().paths(of: kinds)
    }

    /// The document files of the work tree as git sees it: tracked files that still exist and untracked ones (files
    /// `.gitignore` matches are not part of the workspace). Without a usable index, the folders are scanned instead.
    /// `status` is the repository's status when the caller has it.
    func workTreeDocuments(status: [StatusEntry]? = nil) -> WorkTreeDocuments {
        do {
            let changes = try status ?? repository.status()
            var unchanged: [String: ObjectID] = [:]
            for entry in try repository.indexEntries() where WorkspaceLayout.isDocumentFile(entry.path) { unchanged[entry.path] = entry.id }
            var paths = Set(unchanged.keys)
            for change in changes where WorkspaceLayout.isDocumentFile(change.path) {
                guard change.workdir != nil || change.index == .conflicted else { continue }
                unchanged[change.path] = nil
                if change.workdir == .deleted {
                    paths.remove(change.path)
                } else if FileManager.default.fileExists(atPath: absolute(change.path)) {
                    paths.insert(change.path)
                }
            }
            return WorkTreeDocuments(paths: WorkspaceLayout.sortedForListing(paths), unchanged: unchanged)
        } catch {
            note("git cannot list the work tree (\(error)); scanning the folders instead")
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

/// The document files of the work tree, and the blob ids of those whose content is the index's.
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
}
