import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceRunner

/// One run parked on a Manual Moderation block.
public struct ModerationItem: Codable, Sendable {
    public var run: String
    public var flow: String
    public var block: String
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
        let preparation = try RunPreparation(context.snapshot())
        defer { preparation.finish() }
        let store = try Self.store(context, environment: preparation.environment)
        let waiting = try Self.moderationQueue(store).filter { $0.run == runID && (block == nil || $0.block == block) }
        guard let item = waiting.first else { throw .notFound(.moderationRun, query: runID + (block.map { " block \($0)" } ?? "")) }
        guard let run = try Self.read(store, { try $0.run(runID) }) else { throw .notFound(.run, query: runID) }
        let record = try preparation.snapshot.flow(run.flowID)
        let flow = try preparation.runnable(record)
        let runner = try preparation.runner(for: [flow])
        let inputs = try preparation.inputs(record, trigger: run.trigger, triggerType: run.triggerType)
        return try await liftAsync { try await runner.resume(runID, flow: flow, inputs, decisions: [item.block: approve]) }
    }

    private static func moderationQueue(_ store: RunStore) throws(WorkspaceError) -> [ModerationItem] {
        try read(store) { store in
            try store.runs(status: .waiting).reversed().flatMap { run in
                try store.steps(of: run.id).filter { $0.status == .waiting && $0.blockType == "manual-moderation" }.map { step in
                    ModerationItem(
                        run: run.id, flow: run.flowName, block: step.blockID, asset: step.inputs?["asset"]?.stringValue,
                        instructions: step.inputs?["instructions"]?.stringValue, since: step.startedAt)
                }
            }
        }
    }
}
