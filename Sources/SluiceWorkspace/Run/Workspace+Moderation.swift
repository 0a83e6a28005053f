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

extension Workspace {
    /// The runs waiting for a moderation decision, oldest first.
    public func moderationQueue() throws -> [ModerationItem] {
        let store = try runStore()
        return try store.runs(status: .waiting).reversed().flatMap { run in
            try store.steps(of: run.id).filter { $0.status == .waiting && $0.blockType == "manual-moderation" }.map { step in
                ModerationItem(
                    run: run.id, flow: run.flowName, block: step.blockID, asset: step.inputs?["asset"]?.stringValue,
                    instructions: step.inputs?["instructions"]?.stringValue, since: step.startedAt)
            }
        }
    }

    /// Approves or rejects what a waiting run asks, and runs it on from there (`then` when approved, `else` when not).
    public func decide(run runID: String, block: String? = nil, approve: Bool) async throws -> RunRecord {
        let waiting = try moderationQueue().filter { $0.run == runID && (block == nil || $0.block == block) }
        guard let item = waiting.first else {
            throw WorkspaceError.notFound(kind: "run waiting for moderation", query: runID + (block.map { " block \($0)" } ?? ""))
        }
        guard let run = try runStore().run(runID) else { throw WorkspaceError.notFound(kind: "run", query: runID) }
        let record = try flow(run.flowID)
        let problems = validate()
        let flow = try runnable(record, problems: problems)
        let notifications = NotificationWriter(root: root)
        defer { commitNotifications(notifications) }
        let runner = try flowRunner(for: [flow], problems: problems, notifications: notifications)
        let inputs = try runInputs(record, trigger: run.trigger, triggerType: run.triggerType, touchpoints: [])
        return try await runner.resume(runID, flow: flow, inputs, decisions: [item.block: approve])
    }
}
