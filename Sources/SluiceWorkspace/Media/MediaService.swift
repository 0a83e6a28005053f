import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// The media library of the environment checked out, in `.sluice/media/<environment>/` (never committed).
public struct MediaService: Sendable {
    let context: WorkspaceContext

    /// The media of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The library of the current environment.
    public func library() throws(WorkspaceError) -> MediaLibrary {
        try Self.library(context, environment: context.snapshot().currentEnvironment())
    }

    /// Assets matching a query of the search language (all of them for an empty query), newest first.
    public func search(_ query: String, limit: Int? = nil) throws(WorkspaceError) -> [Asset] {
        let library = try library()
        return try lift { try library.search(query, limit: limit) }
    }

    /// Assets in a folder (with `/*`, its subfolders too), or all of them.
    public func list(folder: String? = nil, limit: Int? = nil) throws(WorkspaceError) -> [Asset] {
        try search(folder.map { "folder:\"\($0)\"" } ?? "", limit: limit)
    }

    /// One asset and the path of its file.
    public func asset(_ publicID: String) throws(WorkspaceError) -> (asset: Asset, file: String) {
        let library = try library()
        let asset = try lift { try library.asset(publicID) }
        return (asset, library.filePath(of: asset))
    }

    /// Removes assets (their files too, when no other asset shares them).
    public func delete(_ publicIDs: [String]) throws(WorkspaceError) {
        let library = try library()
        for publicID in publicIDs { try lift { try library.delete(publicID) } }
    }

    static func library(_ context: WorkspaceContext, environment: String) throws(WorkspaceError) -> MediaLibrary {
        try lift { () throws(MediaError) in try OpenStores.library(at: context.localStatePath("media/" + environment)) }
    }
}

/// What a delivery URL names here: the asset, and the file to send (the original's, or a derivation's).
public struct DeliveryResolution: Sendable {
    public var url: DeliveryURL
    public var asset: Asset
    public var file: String
    /// The derivation, when the URL asks for one.
    public var derived: DerivedAsset?

    /// The format of the file sent: the derivation's, or the asset's own.
    public var format: String { derived?.format.rawValue ?? asset.format }
    /// The content hash of the file sent (an entity tag for HTTP).
    public var contentHash: String { derived?.contentHash ?? asset.contentHash }
}

extension MediaService {
    /// `text` parsed, with its named transformations (`t_name`) expanded from this environment's documents.
    public func transformation(_ text: String) throws(WorkspaceError) -> Transformation {
        do {
            let snapshot = try context.snapshot()
            return try Transformation.parse(text).expanded { snapshot.namedTransformation($0) }
        } catch let error as TransformationError {
            throw .invalidInput("transformation \(error)")
        } catch let error as WorkspaceError { throw error } catch { throw .other("\(error)") }
    }

    /// The file a transformation makes of an asset, derived now or found in the library. `format` is the output format
    /// when the transformation names none.
    public func derive(_ publicID: String, transformation text: String, format: String? = nil, accepts: Set<Transformation.Format> = [])
        throws(WorkspaceError) -> DerivedAsset
    {
        let transformation = try transformation(text)
        let output = try Self.format(format)
        let library = try library()
        return try lift { try library.derive(publicID, transformation: transformation, format: output, accepts: accepts) }
    }

    /// The delivery URL of an asset (derived by `transformation` when given) on the manifest's `deliveryBaseURL`.
    public func deliveryURL(_ publicID: String, transformation text: String? = nil, format: String? = nil) throws(WorkspaceError) -> String {
        let snapshot = try context.snapshot()
        let (asset, _) = try asset(publicID)
        // The URL keeps `t_name` as written: the server expands it when asked, with the documents as they are then.
        let transformation: Transformation
        do { transformation = try Transformation.parse(text ?? "") } catch { throw .invalidInput("transformation \(error)") }
        _ = try self.transformation(text ?? "")
        let output = try Self.format(format)?.rawValue ?? DeliveryURL.extensionFor(asset: asset, transformation: transformation)
        let url = DeliveryURL(environment: try snapshot.currentEnvironment(), transformation: transformation, publicID: publicID, format: output)
        return url.string(base: try snapshot.manifest().deliveryBaseURL ?? DeliveryURL.defaultBase)
    }

    /// What a delivery URL (or its path) names in this workspace: the original's file, or the derivation (made if
    /// needed). The URL's environment must be the one checked out; its extension must be the asset's own format (the
    /// original) or one Sluice writes.
    /// `accepts`: what `f_auto` may choose from (a request's Accept header).
    public func resolve(_ urlOrPath: String, accepts: Set<Transformation.Format> = []) throws(WorkspaceError) -> DeliveryResolution {
        let url: DeliveryURL
        do { url = try DeliveryURL.parse(urlOrPath) } catch { throw .invalidInput(error.description) }
        try lift { try MediaNames.checkPublicID(url.publicID) }
        let current = try context.snapshot().currentEnvironment()
        guard url.environment == current else { throw .notFound(.environmentCheckedOut(current: current), query: url.environment) }
        let (asset, file) = try asset(url.publicID)
        if url.transformation.isEmpty, url.format == nil || url.format == asset.format {
            return DeliveryResolution(url: url, asset: asset, file: file, derived: nil)
        }
        if let format = url.format, url.deliveryFormat == nil {
            throw .invalidInput(
                "cannot deliver \"\(url.publicID)\" as .\(format.shown(limit: 10)): use jpg, png, webp, gif or avif (or .\(asset.format), the original)"
            )
        }
        let derived = try derive(url.publicID, transformation: url.transformation.description, format: url.deliveryFormat?.rawValue, accepts: accepts)
        return DeliveryResolution(url: url, asset: asset, file: derived.path, derived: derived)
    }

    /// Writes the file a delivery URL names to `output` (a temporary file renamed into place). Only a regular file (or
    /// nothing) may be in `output`'s place, and not inside `.sluice/`: a link, a FIFO or a device would be replaced, and
    /// the library's own files must not be.
    @discardableResult
    public func render(_ urlOrPath: String, to output: String) throws(WorkspaceError) -> DeliveryResolution {
        guard !output.isEmpty, !output.hasSuffix("/") else { throw .invalidInput("-o needs a file name") }
        var status = stat()
        if lstat(output, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw .file(FileError(path: output, reason: "not a regular file (a link, folder, FIFO or device); choose another output"))
        }
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().resolvingSymlinksInPath().path + "/"
        let state = URL(fileURLWithPath: context.localStatePath("")).resolvingSymlinksInPath().path + "/"
        if folder.hasPrefix(state) { throw .file(FileError(path: output, reason: "inside Sluice's local state (.sluice/); choose another output")) }
        let resolved = try resolve(urlOrPath)
        let temporary = output + ".tmp-\(UUID().uuidString)"
        do {
            try FileManager.default.copyItem(atPath: resolved.file, toPath: temporary)
            guard rename(temporary, output) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .file(FileError(path: output, reason: "cannot write: " + PlainError.sentence(error)))
        }
        return resolved
    }

    /// The local file a delivery URL or path names (made if needed), or nil when it names nothing here any more (a
    /// deleted asset): for showing thumbnails.
    public func file(ofDeliveryPath reference: String) -> String? {
        try? resolve(reference).file
    }

    /// The derivations made of an asset so far.
    public func derivations(of publicID: String) throws(WorkspaceError) -> [DerivedAsset] {
        let library = try library()
        return try lift { try library.derivations(of: publicID) }
    }

    private static func format(_ text: String?) throws(WorkspaceError) -> Transformation.Format? {
        guard let text else { return nil }
        guard let format = Transformation.Format(fileExtension: text) else {
            throw .invalidInput("format \"\(text.shown(limit: 40))\": use jpg, png, webp, gif or avif")
        }
        return format
    }
}
