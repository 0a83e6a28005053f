import SluiceDocuments
import SluiceJSON

/// The checks one document gets alone (schema, references between its blocks, one trigger, no cycles), run on a
/// merged document: an error that neither side had is a rule the combination of their changes breaks.
enum MergedDocumentCheck {
    /// The errors of the merged document (`merged`, its checks) that neither side had, as conflicts at their pointers.
    static func brokenRules(in merged: CheckedDocument, ours: JSONValue?, theirs: JSONValue?, kind: DocumentKind, path: String) -> [Conflict] {
        var errors = merged.errors
        // Pointers move when elements are inserted or removed; the message names what is wrong (block ids included).
        // The second side is checked only for errors the first side did not have.
        for side in [ours, theirs].compactMap({ $0 }) where !errors.isEmpty {
            let before = Set(DocumentParser.check(side, kind: kind, path: path).errors.map(\.message))
            errors.removeAll { before.contains($0.message) }
        }
        return errors.map { Conflict(pointer: $0.pointer, kind: .invalid, rule: $0.message) }
    }

    /// A whole-document conflict when the merged document is larger than Sluice reads, though neither side was.
    static func sizeLimit(merged: [UInt8], ours: [UInt8]?, theirs: [UInt8]?) -> Conflict? {
        let limit = DocumentParser.maximumBytes
        guard merged.count > limit, (ours?.count ?? 0) <= limit, (theirs?.count ?? 0) <= limit else { return nil }
        return Conflict(pointer: .root, kind: .invalid, rule: "the merged document is \(merged.count) bytes; the limit is \(limit)")
    }

    /// A path where a document of `kind` could live, for a merge that was given none (`sluice merge-file`).
    static func representativePath(for kind: DocumentKind) -> String {
        switch kind {
        case .manifest: WorkspaceLayout.manifestPath
        case .environmentVariables: WorkspaceLayout.environmentVariablesPath
        case .flow: WorkspaceLayout.flowPath(slug: "merged")
        case .flowSecrets: WorkspaceLayout.flowSecretsPath(slug: "merged")
        case .connection: WorkspaceLayout.connectionPath(app: "app", slug: "merged")
        case .notification: WorkspaceLayout.notificationPath(flowID: "flow", blockID: "block")
        case .transformation: WorkspaceLayout.transformationPath(name: "merged")
        }
    }
}
