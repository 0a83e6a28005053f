import SluiceJSON

/// The environment variables (`environment/variables.json`), readable by every flow as `{{env.KEY}}`.
public struct EnvironmentVariables: Codable, Sendable, Hashable {
    public var schema: String?
    public var kind: DocumentKind = .environmentVariables
    public var id: String
    public var schemaVersion: Int = 1
    public var variables: [String: JSONValue]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, variables
    }

    /// No variables yet.
    public init(id: String = Identifiers.documentID(.environmentVariables)) {
        self.id = id
        self.variables = [:]
    }
}
