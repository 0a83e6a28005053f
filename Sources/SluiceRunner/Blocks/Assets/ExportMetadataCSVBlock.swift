import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// Export Metadata to CSV: one row per matching asset with the chosen fields, in the export folder.
struct ExportMetadataCSVBlock: BlockImplementation {
    let type = "export-metadata-csv"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let fields = try context.strings("fields")
        let fileName = try context.string("fileName")
        guard !fileName.contains("/"), !fileName.hasPrefix("."), !fileName.isEmpty else {
            throw BlockFailure("config/fileName \"\(fileName)\" must be a plain file name")
        }
        let assets = try library { try context.services.library.search(try context.string("expression")) }
        var lines = [fields.joined(separator: ",")]
        lines += assets.map { asset in fields.map { Self.cell(asset, $0) }.joined(separator: ",") }
        let folder = context.services.exportFolder
        let path = folder + "/" + fileName
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = path + ".tmp-\(UUID().uuidString)"
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw BlockFailure("cannot write \(path): \(PlainError.sentence(error))")
        }
        return BlockOutcome(output: ["path": .string(path), "rows": .number(JSONNumber(assets.count))])
    }

    /// One field of one asset, quoted as CSV needs.
    static func cell(_ asset: Asset, _ field: String) -> String {
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
}
