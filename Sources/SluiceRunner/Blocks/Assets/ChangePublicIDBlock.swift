/// Change Public ID: renames an asset.
struct ChangePublicIDBlock: BlockImplementation {
    let type = "change-public-id"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        let overwrite = context.config["overwrite"]?.boolValue ?? false
        let target = try context.string("publicId")
        let renamed = try library { try context.services.library.rename(asset.publicID, to: target, overwrite: overwrite) }
        return BlockOutcome(output: renamed.jsonValue)
    }
}
