import SluiceDocuments

/// The blocks of a flow and their edges, split into the main graph and the branches Apply on Each runs per item.
struct FlowGraph: Sendable {
    let byID: [String: Block]
    /// Blocks that run once per run.
    let mainBlocks: [Block]
    /// For each Apply on Each block, the blocks of its `each` branch.
    let loopBodies: [String: [Block]]

    init(_ blocks: [Block]) {
        byID = Dictionary(blocks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var bodies: [String: [Block]] = [:]
        var inBody: Set<String> = []
        for loop in blocks where loop.type == BlockTypeID.applyOnEach {
            var seen: Set<String> = []
            var queue = loop.targets(.each)
            while let id = queue.popLast() {
                guard id != loop.id, seen.insert(id).inserted, let block = byID[id] else { continue }
                queue += block.edges.map(\.target)
            }
            bodies[loop.id] = blocks.filter { seen.contains($0.id) }
            inBody.formUnion(seen)
        }
        loopBodies = bodies
        mainBlocks = blocks.filter { !inBody.contains($0.id) }
    }

    /// Incoming edges of each block among `blocks` (edges from outside the set are left out).
    static func incoming(_ blocks: [Block]) -> [String: [(source: String, port: Port)]] {
        let ids = Set(blocks.map(\.id))
        var incoming: [String: [(source: String, port: Port)]] = [:]
        for block in blocks {
            for edge in block.edges where ids.contains(edge.target) && edge.port != .each {
                incoming[edge.target, default: []].append((block.id, edge.port))
            }
        }
        return incoming
    }
}
