/// Duplicate: copies an asset under a new public id (a free one, when the wanted one is taken).
struct DuplicateAssetBlock: BlockImplementation {
    let type = "duplicate-asset"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        let folder = try context.optionalString("folder") ?? asset.folder
        let name = try context.optionalString("publicId") ?? ((asset.publicID.split(separator: "/").last.map(String.init) ?? "asset") + "-copy")
        let wanted = folder.isEmpty || name.contains("/") ? name : folder + "/" + name
        let library = context.services.library
        let copy = try SluiceRunner.library { try library.duplicate(asset.publicID, as: try library.freePublicID(wanted)) }
        return BlockOutcome(output: copy.jsonValue)
    }
}
