/// Manual Moderation: parks the run until a person decides; resumed with the decision, it goes on along `then`
/// (approved) or `else` (rejected).
struct ManualModerationBlock: BlockImplementation {
    let type = "manual-moderation"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        guard let decision = context.decision else {
            _ = try context.asset()
            return BlockOutcome(output: ["decision": .null], waits: true)
        }
        return BlockOutcome(output: ["decision": .string(decision ? "approved" : "rejected")], branches: [decision ? .then : .else])
    }
}
