import Foundation
import Hummingbird
import SluiceDocuments
import SluiceMedia
import SluiceWorkspace

/// The delivery route: a URL's file, derived on first request (off the cooperative threads) and found afterwards,
/// with an entity tag (the content hash), `Cache-Control`, conditional requests and single byte ranges.
struct Delivery: Sendable {
    let media: MediaService
    let files = FileIO()

    func respond(to request: Request, context: some RequestContext) async throws -> Response {
        let accepts = Self.accepted(request.headers[.accept])
        let path = request.uri.path
        let media = self.media
        let result = await Blocking.run { () throws(WorkspaceError) in try media.resolve(path, accepts: accepts) }
        let resolved: DeliveryResolution
        switch result {
        case .success(let found): resolved = found
        case .failure(let error): return Self.failure(error)
        }
        let tag = "\"\(resolved.contentHash)\""
        var headers: HTTPFields = [
            .contentType: Self.mimeType(resolved.format), .eTag: tag, .cacheControl: "public, max-age=3600", .acceptRanges: "bytes",
        ]
        // The same URL may give another format to another Accept header.
        if resolved.url.transformation.format == .auto { headers[.vary] = "Accept" }
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: headers)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved.file)[.size] as? Int) ?? 0
        if let range = request.headers[.range] {
            guard let bytes = Self.byteRange(range, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(size)"
            headers[.contentLength] = String(bytes.count)
            let body = try await files.loadFile(path: resolved.file, range: bytes, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: try await files.loadFile(path: resolved.file, context: context))
    }

    /// One line of text with the status a failure deserves.
    static func failure(_ error: WorkspaceError) -> Response {
        let status: HTTPResponse.Status
        switch error {
        case .notFound, .media(.notFound): status = .notFound
        case .unauthorized: status = .unauthorized
        // A document broken by hand: the flow is unavailable until it is fixed (a retry may then succeed).
        case .store, .invalidDocuments: status = .serviceUnavailable
        case .invalidInput, .media(.badQuery), .media(.invalidName), .media(.notDerivable), .media(.unknownType), .media(.corrupt),
            .media(.invalidMetadata):
            status = .badRequest
        case .media(.duplicate): status = .conflict
        case .media(.imaging(.tooLarge)), .media(.imaging(.badTransformation)), .media(.imaging(.unsupportedFormat)): status = .unprocessableContent
        default: status = .internalServerError
        }
        return Blocking.text(status, error.description)
    }

    /// The formats an Accept header names that `f_auto` can pick over JPEG and PNG.
    static func accepted(_ header: String?) -> Set<Transformation.Format> {
        guard let header else { return [] }
        var formats: Set<Transformation.Format> = []
        for item in header.split(separator: ",") {
            let type = item.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if type == "image/webp" { formats.insert(.webp) }
            if type == "image/avif" { formats.insert(.avif) }
        }
        return formats
    }

    /// `bytes=a-b`, `bytes=a-` or `bytes=-n` (one range) within a file of `size` bytes.
    static func byteRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), size > 0 else { return nil }
        let spec = header.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if first.isEmpty {
            guard let suffix = Int(last), suffix > 0 else { return nil }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(first), start >= 0, start < size else { return nil }
        guard !last.isEmpty else { return start...(size - 1) }
        guard let end = Int(last), end >= start else { return nil }
        return start...min(end, size - 1)
    }

    static func mimeType(_ format: String) -> String {
        if let known = Transformation.Format(fileExtension: format) { return known.mimeType }
        switch format {
        case "tiff": return "image/tiff"
        case "heic": return "image/heic"
        case "mp4": return "video/mp4"
        case "mov": return "video/quicktime"
        case "webm": return "video/webm"
        default: return "application/octet-stream"
        }
    }
}
