/// Update Tags: adds, removes or replaces an asset's tags.
struct UpdateTagsBlock: BlockImplementation {
    let type = "update-tags"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let tags = try context.strings("tags")
        let operation = try context.string("operation")
        return try context.updateAsset { asset in
            switch operation {
            case "add": asset.tags += tags
            case "remove": asset.tags.removeAll { tags.contains($0) }
            default: asset.tags = tags
            }
        }
    }
}
