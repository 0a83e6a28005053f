import Foundation
import SluiceDocuments
import SluiceMedia

/// Upload Media: a local file, or a file downloaded from an http(s) URL, into the media library.
struct UploadMediaBlock: BlockImplementation {
    let type = "upload-media"
    let waitsOutside = true

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        let source = try context.string("source")
        guard source.hasPrefix("http://") || source.hasPrefix("https://") else {
            return BlockOutcome(output: try Self.upload(source, context).jsonValue)
        }
        let response = try await context.send("GET", source)
        let name = URL(string: source)?.lastPathComponent.nilIfEmpty ?? "download"
        let temporary = NSTemporaryDirectory() + "sluice-download-\(UUID().uuidString)-\(name)"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do { try Data(response.body).write(to: URL(fileURLWithPath: temporary)) } catch {
            throw BlockFailure("cannot keep the download of \(source): \(PlainError.sentence(error))")
        }
        return BlockOutcome(output: try Self.upload(temporary, context, filename: name).jsonValue)
    }

    /// Uploads a local file into the library with the block's folder, public id and tags.
    static func upload(_ path: String, _ context: BlockContext, filename: String? = nil) throws(BlockFailure) -> Asset {
        var options = MediaLibrary.UploadOptions()
        options.folder = try context.optionalString("folder") ?? ""
        options.publicID = try context.optionalString("publicId") ?? filename.map(MediaNames.name(fromFilename:))
        options.tags = try context.strings("tags")
        // The upload fires upload triggers (`sluice serve`, `sluice run` and `sluice upload` start them), except those
        // of the flows that led to it: a flow never triggers itself, directly or through others.
        let chain = context.trigger["uploadChain"]?.arrayValue?.compactMap(\.stringValue) ?? []
        options.triggerChain = chain + [context.flow.id]
        return try library { try context.services.library.upload(file: path, options: options, queueTrigger: true) }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty || self == "/" ? nil : self }
}
