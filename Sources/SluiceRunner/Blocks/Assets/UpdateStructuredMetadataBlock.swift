import SluiceJSON

/// Update Structured Metadata: sets structured metadata fields (null removes one).
struct UpdateStructuredMetadataBlock: BlockImplementation {
    let type = "update-structured-metadata"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        guard case .object(let values)? = context.config["values"] else { throw BlockFailure("config/values must be an object") }
        return try context.updateAsset { asset in
            for (key, value) in values { asset.metadata[key] = value.isNull ? nil : value }
        }
    }
}
