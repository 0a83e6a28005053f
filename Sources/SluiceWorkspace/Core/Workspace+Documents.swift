import Foundation
import SluiceDocuments
import SluiceJSON

extension Workspace {
    /// Every document in the work tree, parsed, with cross-document checks when `checkReferences`.
    /// JSON files in Sluice's folders that are not documents come back as problems of their own.
    public func loadDocuments(kinds: Set<DocumentKind> = Set(DocumentKind.allCases), checkReferences: Bool = true) -> [ParsedDocument] {
        var documents = documentPaths(kinds: kinds).map { path -> ParsedDocument in
            guard let data = FileManager.default.contents(atPath: absolute(path)) else {
                return DocumentParser.parse(path: path, bytes: [])
            }
            return DocumentParser.parse(path: path, bytes: Array(data))
        }
        if checkReferences { WorkspaceChecker.check(&documents) }
        documents.forEach(noteSkipped)
        return documents
    }

    /// The workspace-relative paths of documents of the given kinds, and of stray JSON files in document folders.
    public func documentPaths(kinds: Set<DocumentKind> = Set(DocumentKind.allCases)) -> [String] {
        var paths: [String] = []
        let manager = FileManager.default
        func children(_ relative: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: absolute(relative))) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        func isFolder(_ relative: String) -> Bool {
            var folder: ObjCBool = false
            return manager.fileExists(atPath: absolute(relative), isDirectory: &folder) && folder.boolValue
        }
        if kinds.contains(.manifest) { paths.append(WorkspaceLayout.manifestPath) }
        if kinds.contains(.environmentVariables), manager.fileExists(atPath: absolute(WorkspaceLayout.environmentVariablesPath)) {
            paths.append(WorkspaceLayout.environmentVariablesPath)
        }
        if !kinds.isDisjoint(with: [.flow, .flowSecrets]) {
            for slug in children(WorkspaceLayout.flowsFolder) where isFolder("flows/\(slug)") {
                for file in children("flows/\(slug)") where file.hasSuffix(".json") {
                    let path = "flows/\(slug)/\(file)"
                    if let kind = WorkspaceLayout.kind(at: path), !kinds.contains(kind) { continue }
                    paths.append(path)
                }
            }
        }
        for (kind, folder) in [(DocumentKind.connection, WorkspaceLayout.connectionsFolder), (.notification, WorkspaceLayout.notificationsFolder)]
        where kinds.contains(kind) {
            for group in children(folder) where isFolder("\(folder)/\(group)") {
                paths += children("\(folder)/\(group)").filter { $0.hasSuffix(".json") }.map { "\(folder)/\(group)/\($0)" }
            }
        }
        return paths
    }

    /// The valid documents among `documents`, with their paths.
    public func validDocuments(_ documents: [ParsedDocument]) -> [(path: String, document: AnyDocument)] {
        documents.compactMap { parsed in parsed.document.map { (parsed.path, $0) } }
    }
}
