import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// Edit Media: applies a transformation to an asset. The result is a derived file in the library (made once per
/// content and transformation); with `saveAs: new` it also becomes an asset of its own (`publicId`, or the
/// original's with `-edited`), with `saveAs: overwrite` it replaces the asset's file, keeping its tags and metadata.
struct EditMediaBlock: BlockImplementation {
    let type = "edit-media"

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        let transformation = try context.expanded(try context.transformation(try context.string("transformation")))
        let library = context.services.library
        let derived: DerivedAsset
        do { derived = try await library.deriveInBackground(asset.publicID, transformation: transformation) } catch {
            throw BlockFailure(error.description)
        }
        let url = DeliveryURL(
            environment: context.services.environment, transformation: transformation, publicID: asset.publicID, format: derived.format.rawValue)
        var output: JSONObject = [
            "publicId": .string(asset.publicID), "transformation": .string(derived.transformation), "format": .string(derived.format.rawValue),
            "width": .number(JSONNumber(derived.width)), "height": .number(JSONNumber(derived.height)), "bytes": .number(JSONNumber(derived.bytes)),
            "contentHash": .string(derived.contentHash), "url": .string(url.string(base: context.services.deliveryBaseURL)),
        ]
        switch try context.optionalString("saveAs") {
        case nil: break
        case "new"?:
            var options = MediaLibrary.UploadOptions()
            let name = (asset.publicID.split(separator: "/").last.map(String.init) ?? "asset") + "-edited"
            let wanted = try context.optionalString("publicId") ?? (asset.folder.isEmpty ? name : asset.folder + "/" + name)
            options.publicID = try SluiceRunner.library { try library.freePublicID(wanted) }
            options.tags = asset.tags
            options.originalFilename = (options.publicID?.split(separator: "/").last.map(String.init) ?? name) + "." + derived.format.rawValue
            let saved = try SluiceRunner.library { try library.upload(file: derived.path, options: options) }
            output["asset"] = saved.jsonValue
        case "overwrite"?:
            var options = MediaLibrary.UploadOptions()
            options.publicID = asset.publicID
            options.overwrite = true
            options.tags = asset.tags
            options.metadata = asset.metadata
            options.context = asset.context
            options.originalFilename = asset.originalFilename
            let saved = try SluiceRunner.library { try library.upload(file: derived.path, options: options) }
            output["asset"] = saved.jsonValue
        case let other?:
            throw BlockFailure("config/saveAs \"\(other.shown(limit: 40))\": use new or overwrite")
        }
        return BlockOutcome(output: .object(output))
    }
}

extension BlockContext {
    /// A transformation from the config, parsed.
    func transformation(_ text: String) throws(BlockFailure) -> Transformation {
        do { return try Transformation.parse(text) } catch { throw BlockFailure("config/transformation: \(error)") }
    }

    /// A transformation with its named transformations expanded from the environment's.
    func expanded(_ transformation: Transformation) throws(BlockFailure) -> Transformation {
        let named = services.namedTransformations
        do { return try transformation.expanded { named[$0] } } catch { throw BlockFailure("config/transformation: \(error)") }
    }
}
