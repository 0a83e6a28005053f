import Foundation
import SluiceJSON
import SluiceMedia

/// Asset operations (MEDIAFLOWS.md "Blocks"): each reads `config.asset` and outputs the asset as it is afterwards.
enum AssetBlocks {
    static func run(_ type: String, _ context: BlockContext) throws(BlockFailure) -> BlockOutcome? {
        let library = context.services.library
        switch type {
        case "asset-info":
            return BlockOutcome(output: try context.asset().jsonValue)
        case "update-tags":
            // Updates read the asset themselves (and fail when it is missing): no separate lookup first.
            let publicID = try context.string("asset")
            let tags = try context.strings("tags")
            let operation = try context.string("operation")
            let updated = try SluiceRunner.library {
                try library.update(publicID) { asset in
                    switch operation {
                    case "add": asset.tags += tags
                    case "remove": asset.tags.removeAll { tags.contains($0) }
                    default: asset.tags = tags
                    }
                }
            }
            return BlockOutcome(output: updated.jsonValue)
        case "update-structured-metadata":
            let publicID = try context.string("asset")
            guard case .object(let values)? = context.config["values"] else { throw BlockFailure("config/values must be an object") }
            let updated = try SluiceRunner.library {
                try library.update(publicID) { asset in
                    for (key, value) in values { asset.metadata[key] = value.isNull ? nil : value }
                }
            }
            return BlockOutcome(output: updated.jsonValue)
        case "update-contextual-metadata":
            let publicID = try context.string("asset")
            guard case .object(let values)? = context.config["values"] else { throw BlockFailure("config/values must be an object") }
            let remove = try context.optionalString("operation") == "remove"
            let updated = try SluiceRunner.library {
                try library.update(publicID) { asset in
                    for (key, value) in values { asset.context[key] = remove ? nil : DynamicResolver.stringify(value) }
                }
            }
            return BlockOutcome(output: updated.jsonValue)
        case "move-to-folder":
            let asset = try context.asset()
            let folder = try context.string("folder").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            try SluiceRunner.library { try MediaNames.checkFolder(folder) }
            let name = asset.publicID.split(separator: "/").last.map(String.init) ?? asset.publicID
            let moved = try SluiceRunner.library { try library.rename(asset.publicID, to: folder.isEmpty ? name : folder + "/" + name) }
            return BlockOutcome(output: moved.jsonValue)
        case "change-public-id":
            let asset = try context.asset()
            let overwrite = context.config["overwrite"]?.boolValue ?? false
            let renamed = try SluiceRunner.library { try library.rename(asset.publicID, to: try context.string("publicId"), overwrite: overwrite) }
            return BlockOutcome(output: renamed.jsonValue)
        case "duplicate-asset":
            let asset = try context.asset()
            let folder = try context.optionalString("folder") ?? asset.folder
            let name = try context.optionalString("publicId") ?? ((asset.publicID.split(separator: "/").last.map(String.init) ?? "asset") + "-copy")
            let wanted = folder.isEmpty || name.contains("/") ? name : folder + "/" + name
            let copy = try SluiceRunner.library { try library.duplicate(asset.publicID, as: try library.freePublicID(wanted)) }
            return BlockOutcome(output: copy.jsonValue)
        case "delete-asset":
            let asset = try context.asset()
            try SluiceRunner.library { try library.delete(asset.publicID) }
            return BlockOutcome(output: ["deleted": .string(asset.publicID)])
        case "search-media":
            let expression = try context.string("expression")
            let limit = context.config["maxResults"]?.intValue ?? 100
            let found = try SluiceRunner.library { try library.search(expression, limit: limit) }
            return BlockOutcome(output: ["total": .number(JSONNumber(found.count)), "assets": .array(found.map(\.jsonValue))])
        case "relate-assets":
            let publicID = try context.string("asset")
            let related = try context.strings("related")
            let updated = try SluiceRunner.library { try library.update(publicID) { $0.related += related } }
            return BlockOutcome(output: updated.jsonValue)
        case "create-asset-url":
            return BlockOutcome(output: ["url": .string(try deliveryURL(context))])
        case "export-metadata-csv":
            return BlockOutcome(output: try exportCSV(context))
        case "upload-media":
            let source = try context.string("source")
            guard !source.hasPrefix("http://"), !source.hasPrefix("https://") else { return nil }
            return BlockOutcome(output: try upload(source, context).jsonValue)
        default:
            return nil
        }
    }

    /// Uploads a local file into the library with the block's folder, public id and tags.
    static func upload(_ path: String, _ context: BlockContext, filename: String? = nil) throws(BlockFailure) -> Asset {
        var options = MediaLibrary.UploadOptions()
        options.folder = try context.optionalString("folder") ?? ""
        options.publicID = try context.optionalString("publicId") ?? filename.map(MediaNames.name(fromFilename:))
        options.tags = try context.strings("tags")
        return try library { try context.services.library.upload(file: path, options: options) }
    }

    /// `<base>/<type>/upload/<transformation>/<public id>.<format>`, Cloudinary's delivery URL shape.
    static func deliveryURL(_ context: BlockContext) throws(BlockFailure) -> String {
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
        return (parts + path).joined(separator: "/") + "." + format
    }

    /// Writes one row per matching asset with the chosen fields to `exportFolder/fileName`.
    static func exportCSV(_ context: BlockContext) throws(BlockFailure) -> JSONValue {
        let fields = try context.strings("fields")
        let fileName = try context.string("fileName")
        guard !fileName.contains("/"), !fileName.hasPrefix("."), !fileName.isEmpty else {
            throw BlockFailure("config/fileName \"\(fileName)\" must be a plain file name")
        }
        let assets = try library { try context.services.library.search(try context.string("expression")) }
        func cell(_ asset: Asset, _ field: String) -> String {
            let value: String
            switch field {
            case "public_id", "publicId": value = asset.publicID
            case "folder": value = asset.folder
            case "format": value = asset.format
            case "type", "resource_type": value = asset.resourceType.rawValue
            case "bytes": value = "\(asset.bytes)"
            case "width": value = asset.width.map(String.init) ?? ""
            case "height": value = asset.height.map(String.init) ?? ""
            case "tags": value = asset.tags.joined(separator: ";")
            case "created", "created_at": value = Asset.timestamp(asset.createdAt)
            default:
                if field.hasPrefix("metadata.") {
                    value = asset.metadata[String(field.dropFirst(9))].map(DynamicResolver.stringify) ?? ""
                } else if field.hasPrefix("context.") {
                    value = asset.context[String(field.dropFirst(8))] ?? ""
                } else {
                    value = ""
                }
            }
            return value.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var lines = [fields.joined(separator: ",")]
        lines += assets.map { asset in fields.map { cell(asset, $0) }.joined(separator: ",") }
        let path = context.services.exportFolder + "/" + fileName
        do {
            try FileManager.default.createDirectory(atPath: context.services.exportFolder, withIntermediateDirectories: true)
            let temporary = path + ".tmp-\(UUID().uuidString)"
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw BlockFailure("cannot write \(path): \(error.localizedDescription)")
        }
        return ["path": .string(path), "rows": .number(JSONNumber(assets.count))]
    }
}
