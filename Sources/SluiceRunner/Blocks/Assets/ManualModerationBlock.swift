/// Manual Moderation: parks the run until a person decides; resumed with the decision, it goes on along `then`
/// (approved) or `else` (rejected).
/// `sluice moderation approve` and `POST /api/v1/moderation/<run>/approve` record the decision in the parked step.
struct ManualModerationBlock: BlockImplementation {
    let type = "manual-moderation"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        // A decision given now, or recorded in the parked step (before a crash stopped the run from going on).
        let recorded = context.parked?["decision"]?.stringValue.map { $0 == "approved" }
        guard let decision = context.decision ?? recorded else {
            _ = try context.asset()
            return BlockOutcome(output: ["decision": .null], waits: true)
        }
        return BlockOutcome(output: ["decision": .string(decision ? "approved" : "rejected")], branches: [decision ? .then : .else])
    }
}
