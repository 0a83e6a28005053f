import SluiceDocuments

/// If Condition: continues on `then` when the conditions hold, else on `else`.
struct IfConditionBlock: BlockImplementation {
    let type = BlockTypeID.ifCondition

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let holds = try Conditions.holds(context.config)
        return BlockOutcome(output: ["result": .bool(holds)], branches: [holds ? .then : .else])
    }
}
