/// Every trigger: the block that starts a run outputs the run's trigger payload.
struct TriggerBlock: BlockImplementation {
    let type: String

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        BlockOutcome(output: context.trigger)
    }
}
