/// Get Asset Information: outputs an asset's catalog record.
struct AssetInfoBlock: BlockImplementation {
    let type = "asset-info"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        BlockOutcome(output: try context.asset().jsonValue)
    }
}
