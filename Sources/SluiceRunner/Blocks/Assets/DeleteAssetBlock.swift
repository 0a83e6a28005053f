/// Delete: removes an asset from the library.
struct DeleteAssetBlock: BlockImplementation {
    let type = "delete-asset"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        try library { try context.services.library.delete(asset.publicID) }
        return BlockOutcome(output: ["deleted": .string(asset.publicID)])
    }
}
