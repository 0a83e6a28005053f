import Foundation
import SluiceJSON

/// One asset of an environment's media library: where it is filed, what it is, and what is known about it.
public struct Asset: Sendable, Hashable, Codable {
    /// The asset's name, unique in the library: its folder, `/`, and its own name (`products/red-bag`).
    public var publicID: String
    public var resourceType: MediaInfo.ResourceType
    public var format: String
    /// The size of the file.
    public var bytes: Int
    public var width: Int?
    public var height: Int?
    /// The folder part of the public id; empty at the root.
    public var folder: String
    /// Tags, sorted, without duplicates.
    public var tags: [String]
    /// Structured metadata: values are JSON (strings, numbers, booleans, lists).
    public var metadata: [String: JSONValue]
    /// Contextual metadata: free key-value text.
    public var context: [String: String]
    /// Public ids of related assets, sorted.
    public var related: [String]
    /// The SHA-256 of the file, which also names it in the library's object store.
    public var contentHash: String
    /// The name of the file it was uploaded from.
    public var originalFilename: String?
    /// What the pixels (or the video's streams) say, read at upload: `pages`, `colorSpace`, `hasAlpha`, `orientation`,
    /// `camera`, `takenAt`, `hasGPS` for images; `duration`, `frameRate`, `videoCodec`, `audioCodec` for videos.
    public var facts: [String: JSONValue] = [:]
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case publicID = "publicId"
        case resourceType, format, bytes, width, height, folder, tags, metadata, context, related, contentHash, originalFilename, facts,
            createdAt, updatedAt
    }

    /// The folder of a public id: everything before its last `/`.
    public static func folder(of publicID: String) -> String {
        guard let slash = publicID.lastIndex(of: "/") else { return "" }
        return String(publicID[..<slash])
    }
}

extension Asset {
    /// Dates travel as ISO 8601 text (UTC, fractional seconds), whatever the encoder: the record is ``jsonValue``.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    /// The asset as JSON: what `--json` prints, block outputs carry and trigger payloads hold. Built directly, since
    /// every block of every run outputs one.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "publicId": .string(publicID), "resourceType": .string(resourceType.rawValue), "format": .string(format),
            "bytes": .number(JSONNumber(bytes)),
        ]
        if let width { object["width"] = .number(JSONNumber(width)) }
        if let height { object["height"] = .number(JSONNumber(height)) }
        object["folder"] = .string(folder)
        object["tags"] = .array(tags.map(JSONValue.string))
        object["metadata"] = .object(JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        object["context"] = .object(JSONObject(context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        object["related"] = .array(related.map(JSONValue.string))
        object["contentHash"] = .string(contentHash)
        if let originalFilename { object["originalFilename"] = .string(originalFilename) }
        if !facts.isEmpty { object["facts"] = .object(JSONObject(facts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })) }
        object["createdAt"] = .string(Self.timestamp(createdAt))
        object["updatedAt"] = .string(Self.timestamp(updatedAt))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        publicID = try container.decode(String.self, forKey: .publicID)
        resourceType = try container.decode(MediaInfo.ResourceType.self, forKey: .resourceType)
        format = try container.decode(String.self, forKey: .format)
        bytes = try container.decode(Int.self, forKey: .bytes)
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
        folder = try container.decode(String.self, forKey: .folder)
        tags = try container.decode([String].self, forKey: .tags)
        metadata = try container.decode([String: JSONValue].self, forKey: .metadata)
        context = try container.decode([String: String].self, forKey: .context)
        related = try container.decode([String].self, forKey: .related)
        contentHash = try container.decode(String.self, forKey: .contentHash)
        originalFilename = try container.decodeIfPresent(String.self, forKey: .originalFilename)
        facts = try container.decodeIfPresent([String: JSONValue].self, forKey: .facts) ?? [:]
        func date(_ key: CodingKeys) throws -> Date {
            let text = try container.decode(String.self, forKey: key)
            guard let date = Self.parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        createdAt = try date(.createdAt)
        updatedAt = try date(.updatedAt)
    }

    /// `2026-09-22T20:53:20.000Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parseTimestamp(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
