import SluiceJSON

/// A starting point for a new flow: a real, valid flow that `sluice flows new --template` copies.
public struct FlowTemplate: Sendable {
    public let id: String
    public let name: String
    public let summary: String
    public let type: FlowType
    /// Connections (app ids) the flow needs before it can run.
    public let needsApps: [String]
    private let build: @Sendable (inout Flow) -> Void

    init(_ id: String, _ name: String, _ type: FlowType, _ summary: String, needsApps: [String] = [], build: @escaping @Sendable (inout Flow) -> Void)
    {
        self.id = id
        self.name = name
        self.type = type
        self.summary = summary
        self.needsApps = needsApps
        self.build = build
    }

    /// A new disabled flow named `name` with a fresh id, built from this template.
    public func makeFlow(named name: String) -> Flow {
        var flow = Flow(name: name, type: type)
        flow.description = summary
        build(&flow)
        return flow
    }
}

/// Shorthands for writing templates.
extension Block {
    static func make(_ id: String, _ type: String, _ name: String, _ config: JSONValue, next: [String] = []) -> Block {
        var block = Block(id: id, type: type, name: name, config: config)
        block.setTargets(next, for: .next)
        return block
    }
}
