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
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case publicID = "publicId"
        case resourceType, format, bytes, width, height, folder, tags, metadata, context, related, contentHash, originalFilename,
            createdAt, updatedAt
    }

    /// The folder of a public id: everything before its last `/`.
    public static func folder(of publicID: String) -> String {
        guard let slash = publicID.lastIndex(of: "/") else { return "" }
        return String(publicID[..<slash])
    }
}
