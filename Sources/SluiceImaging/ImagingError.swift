import SluiceDocuments

/// What can go wrong reading or transforming an image; one line each.
public enum ImagingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libvips could not start.
    case unavailable(String)
    /// A file libvips cannot open as an image (unknown, damaged, or cut short).
    case cannotOpen(path: String, reason: String)
    /// An image (or a result) with more pixels than the limit: refused before its pixels are decoded.
    case tooLarge(what: String, width: Int, height: Int, limit: Int)
    /// A transformation that does not parse or expand.
    case badTransformation(TransformationError)
    /// An output format this libvips cannot write.
    case unsupportedFormat(String)
    /// An operation failed.
    case failed(operation: String, reason: String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "the image library (libvips) cannot start: \(reason)"
        case .cannotOpen(let path, let reason): "\(path): not a readable image: \(reason)"
        case .tooLarge(let what, let width, let height, let limit):
            "\(what) is \(width)x\(height) pixels, more than the limit of \(limit / 1_000_000) megapixels"
        case .badTransformation(let error): "transformation \(error)"
        case .unsupportedFormat(let format): "this libvips cannot write \(format) files"
        case .failed(let operation, let reason): "\(operation) failed: \(reason)"
        }
    }
}
