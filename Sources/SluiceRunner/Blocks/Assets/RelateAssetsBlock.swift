/// Relate Assets: relates assets to an asset.
struct RelateAssetsBlock: BlockImplementation {
    let type = "relate-assets"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let related = try context.strings("related")
        return try context.updateAsset { $0.related += related }
    }
}
