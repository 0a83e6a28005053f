import SluiceJSON

/// One step of a flow graph. Ports name the ids of the blocks that run next.
public struct Block: Codable, Sendable, Hashable {
    public var id: String
    public var type: String
    public var name: String
    /// The id of the connection (app account) this block uses.
    public var connection: String?
    public var config: JSONValue
    public var next: [String]?
    public var then: [String]?
    public var `else`: [String]?
    public var each: [String]?
    public var onError: [String]?
    /// Seconds before the block is failed; the runner's default when absent.
    public var timeoutSeconds: Double?
    public var retry: RetryPolicy?

    /// A block with no outgoing ports.
    public init(id: String, type: String, name: String, config: JSONValue = .object(JSONObject()), connection: String? = nil) {
        self.id = id
        self.type = type
        self.name = name
        self.config = config
        self.connection = connection
    }

    /// The targets of one port.
    public func targets(_ port: Port) -> [String] {
        switch port {
        case .next: next ?? []
        case .then: then ?? []
        case .else: self.else ?? []
        case .each: each ?? []
        case .onError: onError ?? []
        }
    }

    /// Sets the targets of one port; an empty list removes the port.
    public mutating func setTargets(_ targets: [String], for port: Port) {
        let value = targets.isEmpty ? nil : targets
        switch port {
        case .next: next = value
        case .then: then = value
        case .else: self.else = value
        case .each: each = value
        case .onError: onError = value
        }
    }

    /// Every (port, target) edge leaving this block.
    public var edges: [(port: Port, target: String)] {
        Port.allCases.flatMap { port in targets(port).map { (port, $0) } }
    }
}

/// An outgoing port of a block.
public enum Port: String, Codable, Sendable, CaseIterable {
    case next, then, `else`, each, onError
}

/// How often and how patiently a failing block is retried.
public struct RetryPolicy: Codable, Sendable, Hashable {
    public var attempts: Int
    public var backoffSeconds: Double?
    public init(attempts: Int, backoffSeconds: Double? = nil) {
        self.attempts = attempts
        self.backoffSeconds = backoffSeconds
    }
}
