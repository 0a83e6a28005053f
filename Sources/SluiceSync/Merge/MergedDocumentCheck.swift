import SluiceDocuments
import SluiceJSON

/// The checks one document gets alone (schema, references between its blocks, one trigger, no cycles), run on a
/// merged document: an error that neither side had is a rule the combination of their changes breaks.
enum MergedDocumentCheck {
    /// The errors of the merged document that neither side had, as conflicts at their pointers.
    static func brokenRules(merged: [UInt8], ours: [UInt8]?, theirs: [UInt8]?, kind: DocumentKind, path: String) -> [Conflict] {
        let errors = errors(in: merged, kind: kind, path: path)
        guard !errors.isEmpty else { return [] }
        // Pointers move when elements are inserted or removed; the message names what is wrong (block ids included).
        let before = Set(([ours, theirs].compactMap { $0 }).flatMap { self.errors(in: $0, kind: kind, path: path) }.map(\.message))
        return errors.filter { !before.contains($0.message) }.map { Conflict(pointer: $0.pointer, kind: .invalid, rule: $0.message) }
    }

    private static func errors(in bytes: [UInt8], kind: DocumentKind, path: String) -> [Problem] {
        DocumentParser.parse(path: path, kind: kind, bytes: bytes).problems.filter { $0.severity == .error }
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
        }
    }
}
