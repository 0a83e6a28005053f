import Foundation

/// Create Asset URL: `<base>/<type>/upload/<transformation>/<public id>.<format>`, Cloudinary's delivery URL shape.
struct CreateAssetURLBlock: BlockImplementation {
    let type = "create-asset-url"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let asset = try context.asset()
        let base = (try context.optionalString("baseURL") ?? context.services.deliveryBaseURL).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var parts = [base, asset.resourceType.rawValue, "upload"]
        if let transformation = try context.optionalString("transformation"), !transformation.isEmpty {
            guard transformation.allSatisfy({ $0.isLetter || $0.isNumber || ",_/:.-".contains($0) }) else {
                throw BlockFailure("config/transformation \"\(transformation)\" has characters a URL path cannot carry")
            }
            parts.append(transformation)
        }
        let format = try context.optionalString("format") ?? asset.format
        let path = asset.publicID.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
        return BlockOutcome(output: ["url": .string((parts + path).joined(separator: "/") + "." + format)])
    }
}
