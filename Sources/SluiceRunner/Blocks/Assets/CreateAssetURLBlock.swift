import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// Create Asset URL: the asset's delivery URL (`<base>/media/<environment>/<transformation>/<public id>.<format>`), which
/// `sluice serve` answers and `sluice assets render` produces.
struct CreateAssetURLBlock: BlockImplementation {
    let type = "create-asset-url"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        let text = try context.optionalString("transformation") ?? ""
        // The URL keeps `t_name` as written (the server expands it when asked); expanding here checks the names exist.
        let transformation = try context.transformation(text)
        _ = try context.expanded(transformation)
        let format: String
        if let asked = try context.optionalString("format") {
            guard let named = Transformation.Format(fileExtension: asked), named != .auto else {
                throw BlockFailure("config/format \"\(asked.shown(limit: 40))\": use jpg, png, webp, gif or avif")
            }
            format = named.rawValue
        } else {
            format = DeliveryURL.extensionFor(asset: asset, transformation: transformation)
        }
        let url = DeliveryURL(environment: context.services.environment, transformation: transformation, publicID: asset.publicID, format: format)
        let base = try context.optionalString("baseURL") ?? context.services.deliveryBaseURL
        return BlockOutcome(output: ["url": .string(url.string(base: base)), "path": .string(url.path)])
    }
}
