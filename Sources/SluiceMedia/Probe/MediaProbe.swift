import SluiceJSON

/// What a file is, read from its bytes: resource type, format and (for images) pixel size.
public struct MediaInfo: Sendable, Hashable, Codable {
    /// The kind of asset, as the media library files it.
    public enum ResourceType: String, Sendable, Hashable, Codable, CaseIterable {
        case image, video, raw
    }

    public var resourceType: ResourceType
    /// The format's usual file extension: `jpg`, `png`, `gif`, `webp`, `mp4`, `mov`, `webm`, or the name's for raw files.
    public var format: String
    public var width: Int?
    public var height: Int?
    /// What decoding told beyond the header (see ``Asset/facts``).
    public var facts: [String: JSONValue] = [:]

    /// A description of a file.
    public init(resourceType: ResourceType, format: String, width: Int? = nil, height: Int? = nil, facts: [String: JSONValue] = [:]) {
        self.resourceType = resourceType
        self.format = format
        self.width = width
        self.height = height
        self.facts = facts
    }
}

/// Why a file cannot be taken as media.
public struct MediaProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Recognizes images and videos by their signature and reads image sizes from the headers, without decoding pixels.
/// A file that claims a format but whose header is cut short or malformed is refused, never guessed.
public enum MediaProbe {
    /// The format and size of `bytes` (the start of a file, at least its header); nil when no image or video
    /// signature matches (a raw file, or an unknown one). With `fileSize`, sizes the header gives for the whole file
    /// (a RIFF container's) are checked against it.
    public static func probe(_ bytes: [UInt8], fileSize: Int? = nil) throws(MediaProbeError) -> MediaInfo? {
        let reader = ByteReader(bytes)
        if let fileSize, reader.starts(with: Array("RIFF".utf8)), let declared = reader.uint32LE(at: 4), declared + 8 > fileSize {
            throw corrupt("RIFF", "the header says \(declared + 8) bytes but the file has \(fileSize)")
        }
        if reader.starts(with: [0xFF, 0xD8, 0xFF]) { return try jpeg(reader) }
        if reader.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return try png(reader) }
        if reader.starts(with: Array("GIF87a".utf8)) || reader.starts(with: Array("GIF89a".utf8)) { return try gif(reader) }
        if reader.starts(with: Array("RIFF".utf8)), reader.matches(Array("WEBP".utf8), at: 8) { return try webp(reader) }
        if reader.starts(with: Array("II*\u{0}".utf8)) || reader.starts(with: Array("MM\u{0}*".utf8)) {
            return MediaInfo(resourceType: .image, format: "tiff")
        }
        if reader.matches(Array("ftyp".utf8), at: 4) { return video(reader) }
        if reader.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return MediaInfo(resourceType: .video, format: "webm") }
        return nil
    }

    private static func corrupt(_ format: String, _ what: String) -> MediaProbeError {
        MediaProbeError(message: "corrupt \(format) file: \(what)")
    }

    private static func jpeg(_ reader: ByteReader) throws(MediaProbeError) -> MediaInfo {
        // Walk the markers to the first start-of-frame (baseline, progressive, lossless, arithmetic: C0–CF but C4, C8, CC).
        var offset = 2
        while true {
            guard let marker = reader.byte(at: offset), marker == 0xFF else { throw corrupt("JPEG", "no frame header before byte \(offset)") }
            guard var code = reader.byte(at: offset + 1) else { throw corrupt("JPEG", "cut short") }
            while code == 0xFF {
                offset += 1
                guard let next = reader.byte(at: offset + 1) else { throw corrupt("JPEG", "cut short") }
                code = next
            }
            if code == 0xD9 || code == 0xDA { throw corrupt("JPEG", "no frame header before the image data") }
            if (0xD0...0xD7).contains(code) || code == 0x01 {
                offset += 2
                continue
            }
            guard let length = reader.uint16BE(at: offset + 2), length >= 2 else { throw corrupt("JPEG", "cut short in a segment header") }
            if (0xC0...0xCF).contains(code), ![0xC4, 0xC8, 0xCC].contains(code) {
                guard let height = reader.uint16BE(at: offset + 5), let width = reader.uint16BE(at: offset + 7) else {
                    throw corrupt("JPEG", "cut short in the frame header")
                }
                guard width > 0, height > 0 else { throw corrupt("JPEG", "the frame header gives a size of \(width)x\(height)") }
                return MediaInfo(resourceType: .image, format: "jpg", width: width, height: height)
            }
            offset += 2 + length
        }
    }

    private static func png(_ reader: ByteReader) throws(MediaProbeError) -> MediaInfo {
        guard reader.matches(Array("IHDR".utf8), at: 12), let width = reader.uint32BE(at: 16), let height = reader.uint32BE(at: 20) else {
            throw corrupt("PNG", "no IHDR chunk at the start")
        }
        // The PNG specification limits each side to 2^31 - 1.
        guard width > 0, height > 0, width < 1 << 31, height < 1 << 31 else { throw corrupt("PNG", "IHDR gives a size of \(width)x\(height)") }
        return MediaInfo(resourceType: .image, format: "png", width: width, height: height)
    }

    private static func gif(_ reader: ByteReader) throws(MediaProbeError) -> MediaInfo {
        guard let width = reader.uint16LE(at: 6), let height = reader.uint16LE(at: 8), reader.byte(at: 12) != nil else {
            throw corrupt("GIF", "cut short in the screen descriptor")
        }
        guard width > 0, height > 0 else { throw corrupt("GIF", "the screen descriptor gives a size of \(width)x\(height)") }
        return MediaInfo(resourceType: .image, format: "gif", width: width, height: height)
    }

    private static func webp(_ reader: ByteReader) throws(MediaProbeError) -> MediaInfo {
        let chunk = reader.slice(12, 4).map { String(decoding: $0, as: UTF8.self) }
        let size: (Int, Int)?
        switch chunk {
        case "VP8 "?:
            // Lossy: a key frame starts with the start code 9D 01 2A, then 14-bit width and height.
            guard reader.matches([0x9D, 0x01, 0x2A], at: 23), let width = reader.uint16LE(at: 26), let height = reader.uint16LE(at: 28) else {
                throw corrupt("WebP", "no VP8 key frame header")
            }
            size = (width & 0x3FFF, height & 0x3FFF)
        case "VP8L"?:
            // Lossless: signature 2F, then 14-bit width-1 and height-1 packed little-endian.
            guard reader.byte(at: 20) == 0x2F, let bits = reader.uint32LE(at: 21) else { throw corrupt("WebP", "no VP8L header") }
            size = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X"?:
            // Extended: 24-bit canvas width-1 and height-1.
            guard let width = reader.uint24LE(at: 24), let height = reader.uint24LE(at: 27) else {
                throw corrupt("WebP", "cut short in the VP8X header")
            }
            size = (width + 1, height + 1)
        default:
            throw corrupt("WebP", "unknown first chunk \(chunk.map { "\"\($0)\"" } ?? "(missing)")")
        }
        guard let (width, height) = size, width > 0, height > 0 else { throw corrupt("WebP", "an empty canvas") }
        return MediaInfo(resourceType: .image, format: "webp", width: width, height: height)
    }

    /// ISO base media (MP4, QuickTime, and the HEIF images AVIF and HEIC): the brand names the format; the size is
    /// left to a later probe.
    private static func video(_ reader: ByteReader) -> MediaInfo {
        let brand = reader.slice(8, 4).map { String(decoding: $0, as: UTF8.self) } ?? ""
        switch brand {
        case "avif", "avis": return MediaInfo(resourceType: .image, format: "avif")
        case "heic", "heix", "mif1", "msf1": return MediaInfo(resourceType: .image, format: "heic")
        default: return MediaInfo(resourceType: .video, format: brand == "qt  " ? "mov" : "mp4")
        }
    }
}
