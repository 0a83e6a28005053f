/// A flow's secrets (`flows/<slug>/secrets.json`); every value is encrypted on its own.
public struct FlowSecrets: Codable, Sendable, Hashable {
    public var schema: String?
    public var kind: DocumentKind = .flowSecrets
    public var id: String
    public var schemaVersion: Int = 1
    /// The id of the flow these secrets belong to.
    public var flow: String
    /// Secret name → `enc:v1:…` value.
    public var secrets: [String: String]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, flow, secrets
    }

    /// Empty secrets for a flow.
    public init(flow: String, id: String = Identifiers.documentID(.flowSecrets)) {
        self.id = id
        self.flow = flow
        self.secrets = [:]
    }
}
