import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceRunner

/// One run parked on a Manual Moderation block.
public struct ModerationItem: Codable, Sendable {
    public var run: String
    public var flow: String
    public var block: String
    /// Where the block is in the run: empty, or the loop pass (`loop#2/`).
    public var scope: String
    public var asset: String?
    public var instructions: String?
    public var since: Date
}

extension RunService {
    /// The runs waiting for a moderation decision, oldest first.
    public func moderationQueue() throws(WorkspaceError) -> [ModerationItem] {
        let store = try Self.store(context, environment: context.snapshot().currentEnvironment())
        return try Self.moderationQueue(store)
    }

    /// Approves or rejects what a waiting run asks, and runs it on from there (`then` when approved, `else` when not).
    public func decide(run runID: String, block: String? = nil, approve: Bool) async throws(WorkspaceError) -> RunRecord {
        let run = try acceptDecision(run: runID, block: block, approve: approve)
        guard let record = await run.complete() else { throw .store(path: "the run store", reason: "the run could not be run on") }
        return record
    }

    /// Records a decision on a waiting run and takes the run over, ready to run on (``AcceptedRun/complete()``): once
    /// this returns, the decision survives a crash (the run then goes on when runs are resumed).
    public func acceptDecision(run runID: String, block: String? = nil, approve: Bool) throws(WorkspaceError) -> AcceptedRun {
        let store = try Self.store(context, environment: context.snapshot().currentEnvironment())
        let waiting = try Self.moderationQueue(store).filter { $0.run == runID && (block == nil || $0.block == block) }
        guard let item = waiting.first else { throw .notFound(.moderationRun, query: runID + (block.map { " block \($0)" } ?? "")) }
        // Another process (a second decision, the server) may take the run first: then there is nothing left to decide.
        let decision = RunStore.Decision(scope: item.scope, block: item.block, approved: approve)
        guard let run = try claim([runID], .parked, in: store, decision: decision).first else { throw .notFound(.moderationRun, query: runID) }
        return run
    }

    private static func moderationQueue(_ store: RunStore) throws(WorkspaceError) -> [ModerationItem] {
        try read(store) { store in
            try store.runs(status: .waiting).reversed().flatMap { run in
                try store.steps(of: run.id).filter { $0.status == .waiting && $0.blockType == "manual-moderation" }.map { step in
                    ModerationItem(
                        run: run.id, flow: run.flowName, block: step.blockID, scope: step.scope, asset: step.inputs?["asset"]?.stringValue,
                        instructions: step.inputs?["instructions"]?.stringValue, since: step.startedAt)
                }
            }
        }
    }
}
