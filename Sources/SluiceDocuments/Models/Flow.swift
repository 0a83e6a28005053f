import SluiceJSON

/// A flow definition (`flows/<slug>/flow.json`). Property order is the canonical key order.
public struct Flow: Codable, Sendable, Hashable {
    /// The relative path of the flow schema, so editors validate and complete.
    public var schema: String?
    public var kind: DocumentKind = .flow
    public var id: String
    public var schemaVersion: Int = Flow.currentSchemaVersion
    public var name: String
    public var description: String?
    /// `power` (a graph of blocks) or `easy` (trigger, conditions, actions).
    public var type: FlowType
    /// Disabled flows never run from their trigger.
    public var enabled: Bool
    public var favorite: Bool
    /// A URL that receives a JSON POST when a run fails.
    public var errorNotification: ErrorNotification?
    /// Where an imported flow came from.
    public var source: FlowSource?
    /// Flow variables, readable only by this flow as `{{vars.KEY}}`.
    public var variables: [String: JSONValue]?
    /// The graph of a power flow, trigger block included.
    public var blocks: [Block]?
    /// The trigger of an easy flow.
    public var trigger: EasyTrigger?
    /// The conditions of an easy flow; all or any must hold for the actions to run.
    public var conditions: ConditionGroup?
    /// The actions of an easy flow, run in order.
    public var actions: [Block]?

    /// The schema version this build writes.
    public static let currentSchemaVersion = 1

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, name, description, type, enabled, favorite, errorNotification, source
        case variables, blocks, trigger, conditions, actions
    }

    /// A new flow with a fresh id.
    public init(name: String, type: FlowType, id: String = Identifiers.documentID(.flow)) {
        self.id = id
        self.name = name
        self.type = type
        self.enabled = false
        self.favorite = false
        switch type {
        case .power: blocks = []
        case .easy: actions = []
        }
    }

    /// The executable graph: a power flow's blocks, or an easy flow compiled to blocks.
    public var graph: [Block] {
        switch type {
        case .power: blocks ?? []
        case .easy: EasyFlowCompiler.compile(self)
        }
    }

    /// Clears the `connection` of every authored block whose connection id satisfies `predicate`.
    public mutating func unbindConnections(where predicate: (String) -> Bool) {
        func unbind(_ blocks: [Block]?) -> [Block]? {
            blocks?.map { block -> Block in
                var block = block
                if let id = block.connection, predicate(id) { block.connection = nil }
                return block
            }
        }
        blocks = unbind(blocks)
        actions = unbind(actions)
    }

    /// The blocks a user wrote (power blocks or easy actions), for lookups by id.
    public var authoredBlocks: [Block] {
        switch type {
        case .power: blocks ?? []
        case .easy: actions ?? []
        }
    }
}

/// The two ways a flow is written.
public enum FlowType: String, Codable, Sendable, CaseIterable {
    case power
    case easy
}

/// Where a failed run is reported.
public struct ErrorNotification: Codable, Sendable, Hashable {
    public var url: String
    public init(url: String) { self.url = url }
}

/// The origin of an imported flow.
public struct FlowSource: Codable, Sendable, Hashable {
    public var remote: String
    public var environment: String
    public var flow: String
    public var commit: String?
    public init(remote: String, environment: String, flow: String, commit: String? = nil) {
        self.remote = remote
        self.environment = environment
        self.flow = flow
        self.commit = commit
    }
}
