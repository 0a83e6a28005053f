import SluiceDocuments
import SluiceImaging

/// What can go wrong in the media library; each message is one line a user can act on.
public enum MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A public id or folder that is empty where it must not be, holds a character outside the allowed set, or would
    /// leave its folder (`..`, a leading `/`).
    case invalidName(kind: String, value: String, reason: String)
    /// An asset with this public id exists already.
    case duplicate(String)
    /// No asset has this public id.
    case notFound(String)
    /// A file that cannot be read.
    case unreadable(path: String, reason: String)
    /// A file that claims a media format but is damaged.
    case corrupt(path: String, reason: String)
    /// A file whose kind is not known (and was not declared raw).
    case unknownType(path: String)
    /// A search query that does not parse.
    case badQuery(QueryError)
    /// A metadata argument that is not `KEY=VALUE`, or a value of the wrong kind.
    case invalidMetadata(String)
    /// The catalog or the object store failed.
    case storage(String)
    /// The catalog file is gone while the object store still holds files.
    case catalogMissing(root: String, files: Int)
    /// An image could not be read or transformed.
    case imaging(ImagingError)
    /// An asset that cannot be derived (a raw file), and why.
    case notDerivable(publicID: String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let kind, let value, let reason): "\(kind) \"\(value)\": \(reason)"
        case .duplicate(let id): "an asset \"\(id)\" exists already; pass --overwrite to replace it, or choose another --public-id"
        case .notFound(let id): "no asset \"\(id)\" (`sluice assets list` shows them)"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .corrupt(let path, let reason): "\(path): \(reason)"
        case .unknownType(let path):
            "\(path): not an image (JPEG, PNG, GIF, WebP) or video (MP4, MOV, WebM); pass --resource-type raw to store it as a raw file"
        case .badQuery(let error): error.description
        case .invalidMetadata(let text): text
        case .storage(let text): "media library: \(text)"
        case .imaging(let error): error.description
        case .notDerivable(let id, let reason): "asset \"\(id)\": \(reason)"
        case .catalogMissing(let root, let files):
            "media library: the catalog \(root)/catalog.sqlite is missing but \(root)/objects holds \(files) file(s); an empty catalog "
                + "would orphan them. Restore catalog.sqlite from a backup, or set the files aside to start an empty library: "
                + "mv \(root)/objects \(root)/objects.orphaned"
        }
    }

}
