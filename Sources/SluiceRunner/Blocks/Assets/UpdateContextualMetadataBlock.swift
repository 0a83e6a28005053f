import SluiceJSON

/// Update Contextual Metadata: sets or removes contextual metadata.
struct UpdateContextualMetadataBlock: BlockImplementation {
    let type = "update-contextual-metadata"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        guard case .object(let values)? = context.config["values"] else { throw BlockFailure("config/values must be an object") }
        let remove = try context.optionalString("operation") == "remove"
        return try context.updateAsset { asset in
            for (key, value) in values { asset.context[key] = remove ? nil : DynamicResolver.stringify(value) }
        }
    }
}
