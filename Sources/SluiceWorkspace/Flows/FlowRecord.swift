import SluiceDocuments

/// A valid flow and where it lives.
public struct FlowRecord: Sendable {
    public var slug: String
    public var flow: Flow
    /// The workspace-relative path of `flow.json`.
    public var path: String { WorkspaceLayout.flowPath(slug: slug) }
    /// The workspace-relative path of the flow's secrets.
    public var secretsPath: String { WorkspaceLayout.flowSecretsPath(slug: slug) }
}

/// One row of `sluice flows list`.
public struct FlowSummary: Codable, Sendable, Hashable {
    public var id: String?
    public var name: String?
    public var slug: String
    public var path: String
    public var type: FlowType?
    public var enabled: Bool?
    public var favorite: Bool?
    /// The trigger block's type.
    public var trigger: String?
    public var blocks: Int?
    /// Ids of the connections the flow's blocks use.
    public var connections: [String]?
    public var valid: Bool
    /// The first problem of an invalid flow.
    public var problem: String?

    /// The row of the flow these facts describe.
    init(_ facts: DocumentFacts) {
        id = facts.id
        name = facts.name
        slug = WorkspaceSnapshot.slug(ofFlowPath: facts.path)
        path = facts.path
        valid = facts.flow != nil
        guard let flow = facts.flow else {
            problem = facts.problems.first.map(\.description)
            return
        }
        type = flow.type
        enabled = flow.enabled
        favorite = flow.favorite
        trigger = flow.trigger
        blocks = flow.blocks
        connections = flow.connections
    }
}

/// `sluice flows show --json`: the flow document, where it lives, and the names of its secrets.
public struct FlowDetail: Encodable, Sendable {
    public var slug: String
    public var path: String
    public var secretNames: [String]
    public var flow: Flow

    /// The detail of a flow.
    public init(record: FlowRecord, secretNames: [String]) {
        slug = record.slug
        path = record.path
        self.secretNames = secretNames
        flow = record.flow
    }
}
