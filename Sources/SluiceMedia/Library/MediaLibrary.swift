import Crypto
import Foundation
import GRDB
import SluiceDocuments
import SluiceImaging
import SluiceJSON

/// One environment's media library: files stored by content hash under `objects/`, and a catalog in SQLite.
///
/// Files are written (temporary file, fsync, rename) before the catalog row that names them, in one transaction, so
/// neither a crash nor a failure leaves a row without its file or a half-written catalog. Safe to share between
/// tasks: the catalog's queue serializes every access, and `now` is set only before the library is shared.
public final class MediaLibrary: @unchecked Sendable {
    /// The library's folder (`.sluice/media/<environment>` in a workspace).
    public let root: String
    let catalog: MediaCatalog
    /// The clock for created and updated times (tests fix it).
    var now: () -> Date = Date.init

    /// Opens the library at `root`, creating it when missing. A library whose catalog is gone while its files are
    /// there is refused: a new empty catalog would orphan every file.
    public init(root: String) throws(MediaError) {
        self.root = root
        let catalogPath = root + "/catalog.sqlite"
        if !FileManager.default.fileExists(atPath: catalogPath), let stored = Self.storedFileCount(root + "/objects"), stored > 0 {
            throw MediaError.catalogMissing(root: root, files: stored)
        }
        do {
            try FileManager.default.createDirectory(atPath: root + "/objects", withIntermediateDirectories: true)
            catalog = try MediaCatalog(path: catalogPath)
        } catch {
            throw MediaError.storage("cannot open the library at \(root): \(StoreError.sentence(error))")
        }
        Self.removeStaleCopies(in: root + "/objects")
    }

    /// Removes the temporary copies that killed uploads left (`.tmp-*` not written for an hour: a copy in progress is
    /// written to every moment).
    private static func removeStaleCopies(in objects: String) {
        let manager = FileManager.default
        let folders = [objects] + ((try? manager.contentsOfDirectory(atPath: objects)) ?? []).map { objects + "/" + $0 }
        let limit = Date().addingTimeInterval(-3600)
        for folder in folders {
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".tmp-") {
                let path = folder + "/" + name
                if let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < limit {
                    try? manager.removeItem(atPath: path)
                }
            }
        }
    }

    /// How many files the object store holds, or nil when it does not exist.
    private static func storedFileCount(_ folder: String) -> Int? {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return nil }
        var count = 0
        while let name = enumerator.nextObject() as? String {
            let isTemporary = (name as NSString).lastPathComponent.hasPrefix(".tmp-")
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular, !isTemporary { count += 1 }
        }
        return count
    }

    /// What an upload files the asset under, and what it records about it.
    public struct UploadOptions: Sendable {
        public var folder = ""
        /// The asset's name (its folder is `folder`, joined before it); from the file name when nil.
        public var publicID: String?
        public var tags: [String] = []
        public var metadata: [String: JSONValue] = [:]
        public var context: [String: String] = [:]
        /// `raw` stores a file that is not an image or video; nil takes what the file's bytes say.
        public var resourceType: MediaInfo.ResourceType?
        /// Replace an asset with the same public id instead of refusing.
        public var overwrite = false
        /// The file name to record; the uploaded file's by default.
        public var originalFilename: String?
        /// The flows whose runs led to this upload (an Upload Media block's run, and the uploads that triggered it),
        /// kept with its pending trigger: none of them is triggered by it.
        public var triggerChain: [String] = []

        public init() {}
    }

    /// Checks, without storing anything, that the file at `path` can be uploaded with `options`: readable, a known
    /// (or declared raw) type with an intact header, and a name that stays in its folder. A batch checks every file
    /// first, so one bad file refuses the batch before anything is stored.
    @discardableResult
    public func check(file path: String, options: UploadOptions = UploadOptions()) throws(MediaError) -> CheckedFile {
        _ = try wantedID(file: path, options: options)
        let info = try Self.info(ofFile: path, named: path, declared: options.resourceType)
        return CheckedFile(contentHash: try Self.hash(ofFile: path), info: info, declared: options.resourceType)
    }

    /// What a check found in a file: an upload whose copy has the same content takes it instead of decoding again.
    public struct CheckedFile: Sendable {
        var contentHash: String
        var info: MediaInfo
        var declared: MediaInfo.ResourceType?
    }

    /// The SHA-256 of a file, read 1 MB at a time.
    private static func hash(ofFile path: String) throws(MediaError) -> String {
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            return hex(hasher.finalize())
        } catch {
            throw MediaError.unreadable(path: path, reason: PlainError.sentence(error))
        }
    }

    /// The most of a file's start read to learn what it is: headers (with EXIF and colour profiles before a JPEG's
    /// frame header) fit well inside.
    static let headerWindow = 8 * 1024 * 1024

    /// The public id asked for, checked.
    private func wantedID(file path: String, options: UploadOptions) throws(MediaError) -> String {
        for tag in options.tags where !tag.isPlainlyShown {
            throw MediaError.invalidName(kind: "tag", value: tag.shown(), reason: "must not contain control, bidirectional or invisible characters")
        }
        try MediaNames.checkFolder(options.folder)
        let name = options.publicID ?? MediaNames.name(fromFilename: path)
        let wanted = options.folder.isEmpty ? name : options.folder + "/" + name
        try MediaNames.checkPublicID(wanted)
        return wanted
    }

    /// What the file at `path` (a copy of `named`, which errors name and whose extension a raw file keeps) is, from its
    /// start and its size.
    static func info(ofFile path: String, named: String, declared: MediaInfo.ResourceType?) throws(MediaError) -> MediaInfo {
        // Only a regular file has an end: a device (/dev/zero) would be copied forever, a FIFO would block.
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw MediaError.unreadable(path: named, reason: PlainError.sentence(POSIXError(.init(rawValue: errno) ?? .EIO)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw MediaError.unreadable(path: named, reason: "not a regular file (a folder, FIFO, socket or device)")
        }
        let head: [UInt8]
        let size: Int
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            head = Array(try handle.read(upToCount: headerWindow) ?? Data())
            // A GIF ends with its trailer byte; one without was cut short (its frames up to the cut still decode).
            if head.starts(with: Array("GIF8".utf8)), size > 0, declared != .raw {
                try handle.seek(toOffset: UInt64(size - 1))
                guard try handle.read(upToCount: 1) == Data([0x3B]) else {
                    throw MediaError.corrupt(path: named, reason: "corrupt GIF file: cut short (no trailer at the end)")
                }
            }
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError.unreadable(path: named, reason: PlainError.sentence(error))
        }
        var info = try info(of: head, fileSize: size, path: named, declared: declared)
        switch info.resourceType {
        case .image: info = try decoded(path, named: named, header: info)
        case .video: info = try VideoProbe.info(of: path, shown: named, format: info.format) ?? info
        case .raw: break
        }
        return info
    }

    /// What libvips reads from an image, every pixel decoded once: a file it cannot decode, cut short, or over the pixel
    /// limit is refused. The size is the stored one (before EXIF orientation), as the header gives it.
    static func decoded(_ path: String, named: String, header: MediaInfo) throws(MediaError) -> MediaInfo {
        let facts: ImageFacts
        do { facts = try ImageInspector.inspect(path, shownPath: named, verify: true) } catch {
            switch error {
            case .cannotOpen(_, let reason): throw .corrupt(path: named, reason: "not a readable \(header.format) image: \(reason)")
            default: throw .imaging(error)
            }
        }
        if let width = header.width, let height = header.height, (width, height) != (facts.width, facts.height) {
            throw .corrupt(path: named, reason: "the header says \(width)x\(height) but the image decodes as \(facts.width)x\(facts.height)")
        }
        var info = MediaInfo(resourceType: .image, format: facts.format, width: facts.width, height: facts.height)
        info.facts["pages"] = .number(JSONNumber(facts.pages))
        info.facts["colorSpace"] = .string(facts.colorSpace)
        info.facts["hasAlpha"] = .bool(facts.hasAlpha)
        info.facts["orientation"] = .number(JSONNumber(facts.orientation))
        if let camera = facts.camera { info.facts["camera"] = .string(String(camera.prefix(200))) }
        if let takenAt = facts.takenAt { info.facts["takenAt"] = .string(takenAt) }
        info.facts["hasGPS"] = .bool(facts.hasGPS)
        return info
    }

    /// Stores the file at `path` and catalogs it. Without an explicit public id, a name taken already gets `-2`, `-3`…
    /// With `queueTrigger`, the upload is also recorded as a ``PendingTrigger`` in the same transaction, so a process
    /// killed before its flows started leaves work that `runs resume` finishes. The file is copied in chunks while it
    /// is hashed, and the copy is what is checked and stored: memory stays small whatever the file's size. With
    /// `checked` (from ``check(file:options:)``) whose content is the copy's, by hash, the check's findings are taken
    /// instead of decoding the image a second time.
    public func upload(file path: String, options: UploadOptions = UploadOptions(), queueTrigger: Bool = false, checked: CheckedFile? = nil)
        throws(MediaError) -> Asset
    {
        let wanted = try wantedID(file: path, options: options)
        let (temporary, hash, size) = try copyHashing(path)
        let info: MediaInfo
        do {
            if let checked, checked.contentHash == hash, checked.declared == options.resourceType {
                info = checked.info
            } else {
                info = try Self.info(ofFile: temporary, named: path, declared: options.resourceType)
            }
            try place(temporary, hash: hash)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        let time = now()
        let tags = Array(Set(options.tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        let (asset, unused) = try write { db throws -> (Asset, [String]) in
            var publicID = wanted
            let existing = try MediaCatalog.asset(wanted, in: db)
            if existing != nil, !options.overwrite {
                guard options.publicID == nil else { throw MediaError.duplicate(wanted) }
                var counter = 2
                while try MediaCatalog.asset("\(wanted)-\(counter)", in: db) != nil { counter += 1 }
                publicID = "\(wanted)-\(counter)"
            }
            let asset = Asset(
                publicID: publicID, resourceType: info.resourceType, format: info.format, bytes: size, width: info.width,
                height: info.height, folder: Asset.folder(of: publicID), tags: tags, metadata: options.metadata, context: options.context,
                related: options.overwrite ? existing?.related ?? [] : [], contentHash: hash,
                originalFilename: options.originalFilename ?? (path as NSString).lastPathComponent, facts: info.facts,
                createdAt: options.overwrite ? existing?.createdAt ?? time : time, updatedAt: time)
            try MediaCatalog.save(asset, in: db)
            if queueTrigger {
                try db.cachedExecute(
                    sql: "INSERT OR REPLACE INTO pending_trigger (public_id, queued_at, content_hash, chain) VALUES (?, ?, ?, ?)",
                    arguments: [publicID, time.timeIntervalSince1970, hash, options.triggerChain.joined(separator: ",")])
            }
            // Content replaced by an overwrite goes, with its derivations, when no other asset holds it.
            let replaced = options.overwrite && existing.map { $0.contentHash != hash } == true
            return (asset, replaced ? try removeContentIfUnused(existing?.contentHash ?? "", in: db) : [])
        }
        for hash in unused { try? FileManager.default.removeItem(atPath: objectPath(hash)) }
        return asset
    }

    /// Copies the file at `path` into a temporary file of the object store, 1 MB at a time, hashing as it goes; the
    /// copy is flushed to disk. Returns the copy, the SHA-256 in hex and the size.
    private func copyHashing(_ path: String) throws(MediaError) -> (temporary: String, hash: String, size: Int) {
        let temporary = root + "/objects/.tmp-\(UUID().uuidString)"
        do {
            // Opened without blocking, then checked by descriptor: a file swapped for a FIFO or a device since the
            // check is refused, not read forever.
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            let source = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            var status = stat()
            guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                throw MediaError.unreadable(path: path, reason: "not a regular file (a folder, FIFO, socket or device)")
            }
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else { throw MediaError.storage("cannot write \(temporary)") }
            let target = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? target.close() }
            var hasher = SHA256()
            var size = 0
            while let chunk = try source.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                try target.write(contentsOf: chunk)
                size += chunk.count
            }
            try target.synchronize()
            return (temporary, Self.hex(hasher.finalize()), size)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            if let error = error as? MediaError { throw error }
            throw MediaError.unreadable(path: path, reason: PlainError.sentence(error))
        }
    }

    /// A digest in lower-case hex: the name of a file in the object store.
    /// A digest in lower-case hex.
    public static func hex(_ digest: SHA256.Digest) -> String { Array(digest).hexText }

    /// An upload whose triggers have not been started: recorded with the asset, cleared once its runs are recorded.
    public struct PendingTrigger: Sendable, Hashable {
        public var publicID: String
        /// When the asset was uploaded (its `updatedAt` then; flows may change it since).
        public var queuedAt: Date
        /// The content uploaded: an asset replaced by other content since has nothing left of this upload to trigger.
        public var contentHash: String
        /// The flows whose runs led to the upload (``UploadOptions/triggerChain``).
        public var chain: [String]

        /// The pending trigger of an asset just uploaded with `queueTrigger` by hand (no flow led to it).
        public init(_ asset: Asset) {
            publicID = asset.publicID
            queuedAt = asset.updatedAt
            contentHash = asset.contentHash
            chain = []
        }

        init(publicID: String, queuedAt: Date, contentHash: String, chain: String) {
            self.publicID = publicID
            self.queuedAt = queuedAt
            self.contentHash = contentHash
            self.chain = chain.split(separator: ",").map(String.init)
        }
    }

    /// Uploads whose triggers have not been started, oldest first.
    public func pendingTriggers() throws(MediaError) -> [PendingTrigger] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT public_id, queued_at, content_hash, chain FROM pending_trigger ORDER BY queued_at, public_id").map {
                PendingTrigger(publicID: $0[0], queuedAt: Date(timeIntervalSince1970: $0[1]), contentHash: $0[2], chain: $0[3])
            }
        }
    }

    /// Marks an upload's triggers as started (a newer upload under the same public id stays pending). Times compare
    /// to the millisecond: a `Date` does not keep every bit of the seconds stored.
    public func clearPendingTrigger(_ pending: PendingTrigger) throws(MediaError) {
        try write { db in
            try db.cachedExecute(
                sql: "DELETE FROM pending_trigger WHERE public_id = ? AND ABS(queued_at - ?) < 0.001",
                arguments: [pending.publicID, pending.queuedAt.timeIntervalSince1970])
        }
    }

    /// The format, type and size a file's start gives, or raw when declared so.
    static func info(of bytes: [UInt8], fileSize: Int, path: String, declared: MediaInfo.ResourceType?) throws(MediaError) -> MediaInfo {
        if declared == .raw {
            let ext = (path as NSString).pathExtension.lowercased()
            return MediaInfo(resourceType: .raw, format: ext.isEmpty ? "bin" : ext)
        }
        let probed: MediaInfo?
        do { probed = try MediaProbe.probe(bytes, fileSize: fileSize) } catch { throw MediaError.corrupt(path: path, reason: error.message) }
        guard let probed else { throw MediaError.unknownType(path: path) }
        if let declared, declared != probed.resourceType {
            throw MediaError.corrupt(
                path: path, reason: "declared a \(declared.rawValue) but the file is a \(probed.format) \(probed.resourceType.rawValue)")
        }
        return probed
    }

    /// The asset with this public id.
    public func asset(_ publicID: String) throws(MediaError) -> Asset {
        guard let asset = try read({ db in try MediaCatalog.asset(publicID, in: db) }) else { throw MediaError.notFound(publicID) }
        return asset
    }

    /// The assets matching `query` (see ``MediaQuery``), newest first.
    public func search(_ query: String, limit: Int? = nil) throws(MediaError) -> [Asset] {
        let parsed: MediaQuery
        do { parsed = try MediaQuery.parse(query) } catch { throw .badQuery(error) }
        return try search(parsed, limit: limit)
    }

    /// The assets matching a parsed query, newest first.
    public func search(_ query: MediaQuery, limit: Int? = nil) throws(MediaError) -> [Asset] {
        let (condition, arguments) = query.sqlCondition
        let sql = "SELECT public_id FROM asset WHERE \(condition) ORDER BY created_at DESC, public_id" + (limit.map { " LIMIT \($0)" } ?? "")
        return try read { db in
            let ids = try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0?.databaseValue ?? .null }))
            return try MediaCatalog.assets(ids, in: db)
        }
    }

    /// How many assets the library holds.
    public func count() throws(MediaError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset") ?? 0 }
    }

    /// Removes an asset from the catalog, and (when no other asset has the same content) its file and its derivations.
    public func delete(_ publicID: String) throws(MediaError) {
        let unused = try write { db throws -> [String] in
            guard let asset = try MediaCatalog.asset(publicID, in: db) else { throw MediaError.notFound(publicID) }
            try db.execute(sql: "DELETE FROM asset WHERE public_id = ?", arguments: [publicID])
            return try removeContentIfUnused(asset.contentHash, in: db)
        }
        for hash in unused { try? FileManager.default.removeItem(atPath: objectPath(hash)) }
    }

    /// When no asset holds `hash` any more: its derivations go, and the files nothing else uses are returned for
    /// removal (after the transaction commits).
    func removeContentIfUnused(_ hash: String, in db: Database) throws -> [String] {
        let shared = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset WHERE content_hash = ?", arguments: [hash]) ?? 0
        guard shared == 0 else { return [] }
        var unused = try removeDerivations(ofContent: hash, in: db)
        let derivedUse = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM derived WHERE content_hash = ?", arguments: [hash]) ?? 0
        if derivedUse == 0 { unused.append(hash) }
        return unused
    }

    /// Where the file of an asset is stored.
    public func filePath(of asset: Asset) -> String { objectPath(asset.contentHash) }

    func objectPath(_ hash: String) -> String { "\(root)/objects/\(hash.prefix(2))/\(hash)" }

    /// Writes the bytes under their hash unless they are there already: temporary file, fsync, rename.
    /// Moves a temporary copy to the object store under its hash (or drops it when that content is stored already).
    func place(_ temporary: String, hash: String) throws(MediaError) {
        let target = objectPath(hash)
        let folder = (target as NSString).deletingLastPathComponent
        do {
            if FileManager.default.fileExists(atPath: target) {
                try FileManager.default.removeItem(atPath: temporary)
                return
            }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            do { try FileManager.default.moveItem(atPath: temporary, toPath: target) } catch {
                // Another upload of the same content got there first: the file is the same.
                guard FileManager.default.fileExists(atPath: target) else { throw error }
                try? FileManager.default.removeItem(atPath: temporary)
            }
        } catch {
            throw MediaError.storage("cannot store a file in \(folder): \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(MediaError) -> T {
        do { return try catalog.database.read(body) } catch let error as MediaError { throw error } catch {
            throw MediaError.storage("\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(MediaError) -> T {
        do { return try catalog.database.write(body) } catch let error as MediaError { throw error } catch {
            throw MediaError.storage("\(error)")
        }
    }
}

extension MediaLibrary.UploadOptions {
    /// Structured metadata from `KEY=VALUE` arguments: a value that reads as a JSON number, boolean or list is taken as
    /// one; anything else is text.
    public static func metadata(from arguments: [String]) throws(MediaError) -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw MediaError.invalidMetadata("metadata \"\(argument)\": expected KEY=VALUE")
            }
            let key = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw MediaError.invalidMetadata("metadata key \"\(key)\": letters, digits, _ and - only")
            }
            let parsed = try? JSONParser.parse(text)
            switch parsed {
            case .number?, .bool?, .array?: metadata[key] = parsed
            default: metadata[key] = .string(text)
            }
        }
        return metadata
    }
}
