import Foundation
import SluiceDocuments
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
        let slots = ParsedSlots(count: paths.count)
        let chunk = 64
        DispatchQueue.concurrentPerform(iterations: (paths.count + chunk - 1) / chunk) { part in
            for index in (part * chunk)..<min(paths.count, (part + 1) * chunk) {
                let bytes = FileManager.default.contents(atPath: root + "/" + paths[index]).map(Array.init) ?? []
                slots.store(DocumentParser.parse(path: paths[index], bytes: bytes), at: index)
            }
        }
        return slots.values
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
}

/// Result slots filled from several threads, each slot written once under a lock.
private final class ParsedSlots: @unchecked Sendable {
    private var slots: [ParsedDocument?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ document: ParsedDocument, at index: Int) {
        lock.lock()
        slots[index] = document
        lock.unlock()
    }

    var values: [ParsedDocument] { slots.compactMap { $0 } }
}
