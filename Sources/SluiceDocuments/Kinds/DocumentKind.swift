/// The kinds of document a workspace holds, and whether each travels between environments.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case manifest
    case flow
    case flowSecrets
    case environmentVariables
    case connection
    case notification
    case transformation

    /// Whether documents of this kind travel with `promote`, `share` and `import`.
    public enum Portability: String, Sendable {
        /// Travels between environments and repositories.
        case portable
        /// Belongs to one environment; never carried elsewhere.
        case environmentLocal
    }

    /// The one table that classifies every kind (DESIGN §2).
    public var portability: Portability {
        switch self {
        case .flow, .transformation: .portable
        case .manifest, .flowSecrets, .environmentVariables, .connection, .notification: .environmentLocal
        }
    }

    /// The file name of this kind's JSON Schema inside a workspace's `schemas/` folder.
    public var schemaFileName: String { "\(rawValue).schema.json" }

    /// The prefix of generated document ids of this kind.
    public var idPrefix: String {
        switch self {
        case .manifest: "ws"
        case .flow: "flw"
        case .flowSecrets: "sec"
        case .environmentVariables: "env"
        case .connection: "con"
        case .notification: "ntf"
        case .transformation: "trf"
        }
    }
}
