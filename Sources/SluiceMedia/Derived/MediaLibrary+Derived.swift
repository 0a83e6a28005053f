import Crypto
import Foundation
import GRDB
import SluiceDocuments
import SluiceImaging

/// A file derived from an asset by a transformation, stored in the library by content hash.
public struct DerivedAsset: Sendable, Hashable, Encodable {
    /// The asset it was derived from.
    public var publicID: String
    /// The canonical transformation (named transformations expanded).
    public var transformation: String
    public var format: Transformation.Format
    public var contentHash: String
    public var bytes: Int
    public var width: Int
    public var height: Int
    /// Where the file is.
    public var path: String
    /// Whether it was there already (nothing was computed).
    public var cached: Bool

    enum CodingKeys: String, CodingKey {
        case publicID = "publicId"
        case transformation, format, contentHash, bytes, width, height, path, cached
    }
}

extension MediaLibrary {
    /// The file `transformation` (expanded) makes of the asset `publicID`, in `format` when the transformation names
    /// none (the original's when nil). Computed once per original content, canonical transformation and output: a
    /// second call finds it. `accepts` is what `f_auto` may choose from.
    public func derive(
        _ publicID: String, transformation: Transformation, format: Transformation.Format? = nil, accepts: Set<Transformation.Format> = []
    ) throws(MediaError) -> DerivedAsset {
        let asset = try asset(publicID)
        let source: String
        switch asset.resourceType {
        case .image: source = filePath(of: asset)
        case .video: source = try posterFrame(of: asset)
        case .raw: throw .notDerivable(publicID: publicID, reason: "a raw file has no pixels to transform")
        }
        // The output format is settled here, so the same file is found however it is asked for (`derive` without a
        // format, or a URL with the original's extension): the original's when Sluice writes it, else JPEG.
        let format = format ?? (transformation.format == nil ? Transformation.Format(fileExtension: asset.format) ?? .jpg : nil)
        let canonical = transformation.description
        let output = Self.outputKey(transformation: transformation, format: format, accepts: accepts)
        let found = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM derived WHERE source_hash = ? AND transformation = ? AND output = ?",
                arguments: [asset.contentHash, canonical, output])
        }
        if let found, let stored = derived(found, publicID: publicID), Self.isIntact(stored) { return stored }
        let rendered: RenderedImage
        do {
            rendered = try ImageRenderer.render(
                file: source, shownPath: "asset \"\(publicID)\"", transformation: transformation, format: format, accepts: accepts)
        } catch { throw .imaging(error) }
        let hash = Self.hex(SHA256.hash(data: rendered.data))
        try store(rendered.data, hash: hash)
        try record(
            asset, transformation: canonical, output: output, format: rendered.format.rawValue, hash: hash, bytes: rendered.data.count,
            size: (rendered.width, rendered.height))
        return DerivedAsset(
            publicID: publicID, transformation: canonical, format: rendered.format, contentHash: hash, bytes: rendered.data.count,
            width: rendered.width, height: rendered.height, path: objectPath(hash), cached: false)
    }

    /// The path of a video's poster frame (a PNG taken a second in, or at the start of a shorter video), made once and
    /// kept as a derivation of the video (transformation "", output "poster").
    func posterFrame(of asset: Asset) throws(MediaError) -> String {
        let stored = try read { db in
            try String.fetchOne(
                db, sql: "SELECT content_hash FROM derived WHERE source_hash = ? AND transformation = '' AND output = 'poster'",
                arguments: [asset.contentHash])
        }
        if let stored, FileManager.default.fileExists(atPath: objectPath(stored)) { return objectPath(stored) }
        let duration = asset.facts["duration"]?.doubleValue ?? 0
        let frame = try VideoProbe.posterFrame(of: filePath(of: asset), shown: "asset \"\(asset.publicID)\"", at: duration >= 2 ? 1 : 0)
        let hash = Self.hex(SHA256.hash(data: frame))
        try store(frame, hash: hash)
        let facts: ImageFacts
        do { facts = try ImageInspector.inspect(objectPath(hash), shownPath: "the poster frame of \"\(asset.publicID)\"") } catch {
            throw .imaging(error)
        }
        try record(asset, transformation: "", output: "poster", format: "png", hash: hash, bytes: frame.count, size: (facts.width, facts.height))
        return objectPath(hash)
    }

    /// Records a derived file of `asset`'s content, unless no asset holds that content any more (deleted or replaced
    /// while it was being derived): then the file goes, if nothing else uses it, and the asset is reported missing.
    private func record(
        _ asset: Asset, transformation: String, output: String, format: String, hash: String, bytes: Int, size: (width: Int, height: Int)
    ) throws(MediaError) {
        let time = now()
        let held = try write { db throws -> Bool in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset WHERE content_hash = ?", arguments: [asset.contentHash]) ?? 0 > 0 else {
                return false
            }
            try db.cachedExecute(
                sql: """
                    INSERT OR REPLACE INTO derived (source_hash, transformation, output, format, content_hash, bytes, width, height, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [asset.contentHash, transformation, output, format, hash, bytes, size.width, size.height, time.timeIntervalSince1970])
            return true
        }
        guard held else {
            let unused = try? write { db in try removeContentIfUnused(hash, in: db) }
            for file in unused ?? [] where file == hash { try? FileManager.default.removeItem(atPath: objectPath(file)) }
            throw .notFound(asset.publicID)
        }
    }

    /// ``derive(_:transformation:format:accepts:)`` on a thread of its own: the caller's task waits without holding one
    /// of Swift's cooperative threads while libvips works (a flow's other blocks and runs keep going).
    public func deriveInBackground(
        _ publicID: String, transformation: Transformation, format: Transformation.Format? = nil, accepts: Set<Transformation.Format> = []
    ) async throws(MediaError) -> DerivedAsset {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DerivedAsset, MediaError>, Never>) in
            Self.imagingQueue.async {
                continuation.resume(
                    returning: Result { () throws(MediaError) in
                        try self.derive(publicID, transformation: transformation, format: format, accepts: accepts)
                    })
            }
        }
        return try result.get()
    }

    /// How many images are rendered at once in this process (one more than the cores, or `SLUICE_IMAGE_SLOTS`).
    public static var concurrentRenders: Int { ImageRenderer.slotCount }

    /// Where derivations run for async callers (``ImageRenderer`` bounds how many render at once).
    static let imagingQueue = DispatchQueue(label: "sluice.imaging", attributes: .concurrent)

    /// Whether a derived file is there whole. Derived files are not flushed to disk one by one (they can be made
    /// again): a file a power loss cut short or emptied has the wrong size, and is derived anew.
    static func isIntact(_ derived: DerivedAsset) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: derived.path)[.size] as? Int) == derived.bytes
    }

    /// The derivations made of an asset's content so far.
    public func derivations(of publicID: String) throws(MediaError) -> [DerivedAsset] {
        let asset = try asset(publicID)
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM derived WHERE source_hash = ? ORDER BY transformation, output", arguments: [asset.contentHash])
        }.compactMap { derived($0, publicID: publicID) }
    }

    /// What the output of a derivation is keyed by: the format asked for, or for `f_auto` the formats it may choose.
    static func outputKey(transformation: Transformation, format: Transformation.Format?, accepts: Set<Transformation.Format>) -> String {
        let asked = transformation.format ?? format
        guard asked == .auto else { return asked?.rawValue ?? "original" }
        let choices = accepts.intersection([.avif, .webp]).filter(ImageRenderer.canWrite).map(\.rawValue).sorted()
        return "auto:" + choices.joined(separator: "+")
    }

    private func derived(_ row: Row, publicID: String) -> DerivedAsset? {
        guard let format = Transformation.Format(fileExtension: row["format"]) else { return nil }
        let hash: String = row["content_hash"]
        return DerivedAsset(
            publicID: publicID, transformation: row["transformation"], format: format, contentHash: hash, bytes: row["bytes"], width: row["width"],
            height: row["height"], path: objectPath(hash), cached: true)
    }

    /// Writes bytes into the object store under their hash (temporary file, rename), unless there already. Not
    /// flushed: a derived file can be made again, and a damaged one is found by its size (``isIntact(_:)``).
    func store(_ data: Data, hash: String) throws(MediaError) {
        let existing = try? FileManager.default.attributesOfItem(atPath: objectPath(hash))[.size] as? Int
        guard existing != data.count else { return }
        let temporary = root + "/objects/.tmp-\(UUID().uuidString)"
        let target = objectPath(hash)
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // rename replaces a damaged file of the same name in one step.
            guard moveReplacing(temporary, to: target) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MediaError.storage("cannot write a derived file: \(PlainError.sentence(error))")
        }
    }

    /// Removes the derivations of content no asset holds any more, and their files when nothing else uses them.
    func removeDerivations(ofContent hash: String, in db: Database) throws -> [String] {
        let files = try String.fetchAll(db, sql: "SELECT content_hash FROM derived WHERE source_hash = ?", arguments: [hash])
        try db.execute(sql: "DELETE FROM derived WHERE source_hash = ?", arguments: [hash])
        var unused: [String] = []
        for file in Set(files) {
            let asAsset = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset WHERE content_hash = ?", arguments: [file]) ?? 0
            let asDerived = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM derived WHERE content_hash = ?", arguments: [file]) ?? 0
            if asAsset == 0, asDerived == 0 { unused.append(file) }
        }
        return unused
    }
}

/// POSIX `rename` (inside the library, `rename` names its method that renames assets).
private func moveReplacing(_ source: String, to target: String) -> Int32 { rename(source, target) }
