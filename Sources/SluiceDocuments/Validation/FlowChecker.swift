import SluiceJSON

/// The checks on one flow that need no other document: ids, ports, the trigger, cycles, references.
public enum FlowChecker {
    /// Every problem in `flow`, located by JSON pointers into the document at `path`.
    /// `value` is the flow's JSON as written; it is encoded from `flow` when absent.
    public static func problems(in flow: Flow, value: JSONValue? = nil, path: String) -> [Problem] {
        let listKey = flow.type == .power ? "blocks" : "actions"
        let authored = flow.authoredBlocks
        var problems: [Problem] = []
        func report(_ pointer: JSONPointer, _ message: String, _ severity: Problem.Severity = .error) {
            problems.append(Problem(path: path, pointer: pointer, message: message, severity: severity))
        }
        let blockPointer = { (index: Int) in JSONPointer(tokens: [listKey, String(index)]) }

        var firstIndex: [String: Int] = [:]
        let reserved: Set<String> = flow.type == .easy ? [EasyFlowCompiler.triggerBlockID, EasyFlowCompiler.conditionsBlockID] : []
        for (index, block) in authored.enumerated() {
            if let first = firstIndex[block.id] {
                report(blockPointer(index).appending("id"), "duplicate block id \"\(block.id)\" (also at \(blockPointer(first).display))")
            } else if reserved.contains(block.id) {
                report(blockPointer(index).appending("id"), "block id \"\(block.id)\" is reserved in easy flows")
            } else {
                firstIndex[block.id] = index
            }
            problems += blockProblems(block, at: blockPointer(index), path: path)
        }

        if flow.type == .power {
            let triggers = authored.enumerated().filter { BlockCatalog.type($0.element.type)?.isTrigger == true }
            if triggers.isEmpty {
                report("/blocks", "a flow needs exactly one trigger block; it has none")
            }
            for (index, block) in triggers.dropFirst() {
                report(
                    blockPointer(index).appending("type"),
                    "a flow needs exactly one trigger block; \"\(block.id)\" is another besides \"\(triggers[0].element.id)\"")
            }
            for (index, block) in authored.enumerated() {
                for (position, edge) in portEdges(block) {
                    let pointer = blockPointer(index).appending(edge.port.rawValue).appending(position)
                    if firstIndex[edge.target] == nil {
                        report(pointer, "unknown block \"\(edge.target)\"")
                    } else if let target = authored.first(where: { $0.id == edge.target }), BlockCatalog.type(target.type)?.isTrigger == true {
                        report(pointer, "\"\(edge.target)\" is a trigger; no block can lead to it")
                    } else if edge.target == block.id {
                        report(pointer, "block \"\(block.id)\" leads to itself")
                    }
                }
            }
            if let cycle = firstCycle(authored) {
                report(
                    blockPointer(cycle.index).appending(cycle.port.rawValue).appending(cycle.position),
                    "cycle: \(cycle.path.joined(separator: " → ")); use apply-on-each to loop")
            }
        }

        let blockIDs = Set(flow.graph.map(\.id))
        let variables = flow.variables ?? [:]
        let json = value ?? (try? JSONValueEncoder().encode(flow)) ?? .null
        for reference in DynamicValues.references(in: json) where reference.pointer.tokens.first != "variables" {
            problems += referenceProblems(reference, blockIDs: blockIDs, variables: variables, path: path)
        }
        for pointer in DynamicValues.unclosed(in: json) where pointer.tokens.first != "variables" {
            report(pointer, "\"{{\" is not closed by \"}}\"; the text is used as it is", .warning)
        }
        return problems
    }

    private static func portEdges(_ block: Block) -> [(Int, (port: Port, target: String))] {
        Port.allCases.flatMap { port in block.targets(port).enumerated().map { ($0.offset, (port, $0.element)) } }
    }

    private static func blockProblems(_ block: Block, at pointer: JSONPointer, path: String) -> [Problem] {
        var problems: [Problem] = []
        if let problem = Slug.hiddenCharacterProblem(in: block.name, what: "a block name") {
            problems.append(Problem(path: path, pointer: pointer.appending("name"), message: problem))
        }
        guard let type = BlockCatalog.type(block.type) else { return problems }
        for port in Port.allCases where !block.targets(port).isEmpty && !type.ports.contains(port) {
            problems.append(
                Problem(
                    path: path, pointer: pointer.appending(port.rawValue),
                    message: "a \(type.id) block has no \"\(port.rawValue)\" port (it has \(type.ports.map(\.rawValue).joined(separator: ", ")))"))
        }
        for (field, syntax) in type.syntax.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text)? = block.config[field], !text.contains("{{"), let message = syntax.problem(in: text) else { continue }
            problems.append(Problem(path: path, pointer: pointer.appending("config").appending(field), message: message))
        }
        if block.connection != nil, type.app == nil {
            problems.append(Problem(path: path, pointer: pointer.appending("connection"), message: "a \(type.id) block takes no connection"))
        }
        if block.connection == nil, type.requiresConnection, let app = type.app {
            problems.append(
                Problem(
                    path: path, pointer: pointer,
                    message: "block \"\(block.id)\" needs a \(app) connection; pick one with `sluice flows connect`",
                    severity: .warning))
        }
        return problems
    }

    private static func referenceProblems(
        _ reference: DynamicReference, blockIDs: Set<String>, variables: [String: JSONValue], path: String
    ) -> [Problem] {
        func problem(_ message: String) -> [Problem] {
            [Problem(path: path, pointer: reference.pointer, message: "{{\(reference.expression)}}: \(message)")]
        }
        guard let namespace = reference.namespace else {
            return problem("unknown dynamic value; it must start with trigger, blocks, vars, env or secrets")
        }
        guard let first = reference.segments.first, !first.isEmpty else { return problem("names no \(namespace.rawValue) value") }
        if reference.segments.contains("") { return problem("an empty name between dots") }
        switch namespace {
        case .blocks where !blockIDs.contains(first): return problem("unknown block \"\(first)\"")
        case .blocks where reference.segments.count < 2 || reference.segments[1] != "output":
            return problem("a block's value is read as blocks.\(first).output…")
        case .secrets where reference.segments.count > 1: return problem("a secret is one value: {{secrets.\(first)}}")
        case .vars where variables[first] == nil: return problem("unknown flow variable \"\(first)\"")
        default: return []
        }
    }

    private struct Cycle { var index: Int; var port: Port; var position: Int; var path: [String] }

    /// The first edge that closes a cycle, found by depth-first search in document order.
    private static func firstCycle(_ blocks: [Block]) -> Cycle? {
        let index = Dictionary(blocks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var state = [Int](repeating: 0, count: blocks.count)  // 0 new, 1 on stack, 2 done
        var stack: [String] = []
        func visit(_ node: Int) -> Cycle? {
            state[node] = 1
            stack.append(blocks[node].id)
            for (position, edge) in portEdges(blocks[node]) {
                guard let target = index[edge.target], edge.target != blocks[node].id else { continue }
                if state[target] == 1 {
                    let start = stack.firstIndex(of: edge.target) ?? 0
                    return Cycle(index: node, port: edge.port, position: position, path: Array(stack[start...]) + [edge.target])
                }
                if state[target] == 0, let cycle = visit(target) { return cycle }
            }
            stack.removeLast()
            state[node] = 2
            return nil
        }
        for node in blocks.indices where state[node] == 0 {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }
}
