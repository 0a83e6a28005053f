import BenchmarkSupport
import Foundation
import SluiceDocuments
import SluiceGit

/// The generated repository: a base commit of N flows and two children of it, and what their merge must give.
struct Scenario {
    var root: String
    var base: ObjectID
    var ours: ObjectID
    var theirs: ObjectID
    /// The canonical bytes of the flow the merged tree must hold at each path either side changed or added.
    var expected: [String: [UInt8]]
    /// Paths of the base the merged tree must no longer hold (folders renamed on one side).
    var removed: Set<String>
    /// What was done to each expected path, e.g. `both: enabled / favorite`, for messages and the report.
    var edits: [String: String]
    var figures: ScenarioFigures
}

/// The size and shape of the generated repository.
struct ScenarioFigures: Codable {
    var flows: Int
    /// Templates used (those with at least three blocks).
    var templates: Int
    var editedOnBothSides: Int
    /// Flows each side edits alone.
    var editedByOneSidePerSide: Int
    /// Folders moved on one side (with a new flow name) while the other side edits the flow.
    var folderRenames: Int
    /// New flows, added on one side or the other.
    var additions: Int
    var generationSeconds: Double
}

/// Builds the repository with objects only (blobs, trees, commits): no work tree, no index.
enum Generator {
    /// The flow document in folder `flows/<slug>/`.
    static func flowPath(_ slug: String) -> String { WorkspaceLayout.flowPath(slug: slug) }

    /// Creates a repository at `root`: `base` with `count` flows, `ours` and `theirs` each editing `edits` of them.
    static func generate(flows count: Int, edits: Int, at root: String) throws -> Scenario {
        let shared = edits / 2
        let own = edits - shared
        let extras = max(2, edits / 100)
        let renames = extras / 2
        guard shared + 2 * own + renames <= count else {
            throw BenchmarkFailure("--edits \(edits) needs at least \(shared + 2 * own + renames) flows; --flows is \(count)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let repository = try Repository.create(at: root, initialBranch: "main")
        var random = SeededGenerator(seed: 20_261_127)
        let templates = FlowTemplates.all.filter { ($0.makeFlow(named: "probe").blocks?.count ?? 0) >= 3 }
        guard !templates.isEmpty else { throw BenchmarkFailure("no template with three blocks or more") }

        var flows: [Flow] = []
        var baseFiles: [String: ObjectID] = [:]
        for index in 0..<count {
            var flow = templates[index % templates.count].makeFlow(named: "Flow \(index)")
            flow.id = random.flowID()
            flows.append(flow)
            let path = flowPath("flow-\(index)")
            baseFiles[path] = try repository.writeBlob(AnyDocument.flow(flow).canonicalBytes(at: path))
        }
        let base = try commit(repository, parent: nil, files: baseFiles, removing: [], "base: \(count) flows")

        var order = Array(0..<count)
        order.shuffle(using: &random)
        var picks = order[...]
        var sides = [Side(), Side()]
        var scenario = Scenario(
            root: root, base: base, ours: base, theirs: base, expected: [:], removed: [], edits: [:],
            figures: .init(
                flows: count, templates: templates.count, editedOnBothSides: shared, editedByOneSidePerSide: own,
                folderRenames: renames, additions: extras - renames, generationSeconds: 0))

        for index in picks.prefix(shared) {
            let path = flowPath("flow-\(index)")
            var pair = FlowEdit.pairs[Int(random.next() % UInt64(FlowEdit.pairs.count))]
            if random.next() % 2 == 1 { pair = (pair.1, pair.0) }
            var merged = flows[index]
            for (side, edit) in [(0, pair.0), (1, pair.1)] {
                var flow = flows[index]
                edit.apply(to: &flow)
                edit.apply(to: &merged)
                try sides[side].write(flow, at: path, repository)
            }
            scenario.expected[path] = try AnyDocument.flow(merged).canonicalBytes(at: path)
            scenario.edits[path] = "both: \(pair.0) / \(pair.1)"
        }
        picks = picks.dropFirst(shared)
        for side in 0..<2 {
            for index in picks.prefix(own) {
                let path = flowPath("flow-\(index)")
                let edit = FlowEdit.all[Int(random.next() % UInt64(FlowEdit.all.count))]
                var flow = flows[index]
                edit.apply(to: &flow)
                try sides[side].write(flow, at: path, repository)
                scenario.expected[path] = try AnyDocument.flow(flow).canonicalBytes(at: path)
                scenario.edits[path] = "\(side == 0 ? "ours" : "theirs"): \(edit)"
            }
            picks = picks.dropFirst(own)
        }
        // A user renames a flow, and Sluice moves its folder to the new name's slug; the other side edits a block.
        for (number, index) in picks.prefix(renames).enumerated() {
            let (old, new) = (flowPath("flow-\(index)"), flowPath("renamed-\(index)"))
            var moved = flows[index]
            moved.name = "Renamed \(index)"
            var edited = flows[index]
            FlowEdit.renameBlock(1).apply(to: &edited)
            var merged = moved
            FlowEdit.renameBlock(1).apply(to: &merged)
            try sides[number % 2].write(moved, at: new, repository)
            sides[number % 2].removing.insert(old)
            try sides[1 - number % 2].write(edited, at: old, repository)
            scenario.expected[new] = try AnyDocument.flow(merged).canonicalBytes(at: new)
            scenario.removed.insert(old)
            scenario.edits[new] = "folder renamed by \(number % 2 == 0 ? "ours" : "theirs"), block 1 name by the other"
        }
        for number in 0..<(extras - renames) {
            var flow = templates[number % templates.count].makeFlow(named: "Added \(number)")
            flow.id = random.flowID()
            let path = flowPath("added-\(number)")
            try sides[number % 2].write(flow, at: path, repository)
            scenario.expected[path] = try AnyDocument.flow(flow).canonicalBytes(at: path)
            scenario.edits[path] = "added by \(number % 2 == 0 ? "ours" : "theirs")"
        }

        scenario.ours = try commit(repository, parent: base, files: sides[0].files, removing: sides[0].removing, "ours")
        scenario.theirs = try commit(repository, parent: base, files: sides[1].files, removing: sides[1].removing, "theirs")
        for (name, id) in [("base", base), ("ours", scenario.ours), ("theirs", scenario.theirs)] {
            try repository.createBranch(name, at: id)  // for looking around with --keep
        }
        scenario.figures.generationSeconds = (clock.now - start).seconds
        return scenario
    }

    /// A commit on `parent` whose tree is the parent's with `files` set and `removing` deleted.
    private static func commit(
        _ repository: Repository, parent: ObjectID?, files: [String: ObjectID], removing: Set<String>, _ message: String
    ) throws -> ObjectID {
        let signature = Signature(name: "Benchmark", email: "benchmark@sluice.invalid", time: Date(timeIntervalSince1970: 1_795_000_000))
        let baseTree = try parent.map { try repository.commit($0).tree }
        let tree = try repository.writeTree(files: files, removing: removing, base: baseTree)
        return try repository.createCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: signature, committer: signature)
    }
}

/// The changes one branch makes to the base.
private struct Side {
    var files: [String: ObjectID] = [:]
    var removing: Set<String> = []

    mutating func write(_ flow: Flow, at path: String, _ repository: Repository) throws {
        files[path] = try repository.writeBlob(AnyDocument.flow(flow).canonicalBytes(at: path))
    }
}
