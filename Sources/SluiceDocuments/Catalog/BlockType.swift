import SluiceJSON

/// The ids of block types that code refers to by name.
public enum BlockTypeID {
    public static let assetUploaded = "asset.uploaded"
    public static let webhook = "webhook"
    public static let schedule = "schedule"
    public static let scheduledSearch = "schedule.search"
    public static let flowCalled = "flow.called"
    public static let manual = "manual"
    public static let ifCondition = "if"
    public static let applyOnEach = "apply-on-each"
    public static let callFlow = "call-flow"
    public static let delay = "delay"
    public static let notification = "notification"
}

/// The groups the block catalog is shown in.
public enum BlockCategory: String, Sendable, CaseIterable, Codable {
    case trigger, logic, asset, developer, integration, notification
}

/// One block type: what it does, its config schema, its ports and the app account it needs.
public struct BlockType: Sendable {
    public let id: String
    public let name: String
    public let category: BlockCategory
    public let summary: String
    /// The JSON Schema of the block's `config`.
    public let configSchema: JSONValue
    /// The ports this block may connect from.
    public let ports: [Port]
    /// The app whose connection the block uses, if any.
    public let app: String?
    /// Whether the block cannot run without a connection.
    public let requiresConnection: Bool
    /// Config fields written in a language of their own (a search, a schedule), which `validate` checks.
    public let syntax: [String: FieldSyntax]

    /// Whether this type starts a flow.
    public var isTrigger: Bool { category == .trigger }

    init(
        _ id: String, _ name: String, _ category: BlockCategory, _ summary: String,
        config: JSONValue, ports: [Port]? = nil, app: String? = nil, requiresConnection: Bool = false, syntax: [String: FieldSyntax] = [:]
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.summary = summary
        self.configSchema = config
        self.ports = ports ?? (category == .trigger ? [.next] : [.next, .onError])
        self.app = app
        self.requiresConnection = requiresConnection
        self.syntax = syntax
    }
}
