import Foundation
import SluiceDocuments
import SluiceJSON

/// The address of an asset as delivered, original or derived:
///
///     <base>/media/<environment>/<transformation>/<public id>.<format>
///     http://localhost:8080/media/production/c_fill,w_400,h_300/products/red-bag.webp
///
/// The transformation part is left out for the original. The extension names the format delivered (the original's
/// when it is left out). `sluice serve` answers these addresses, `sluice assets render` produces their files, and
/// Create Asset URL builds them. When parsing, the leading segments that parse as a transformation are the
/// transformation and the rest is the public id (as Cloudinary reads its own URLs).
public struct DeliveryURL: Sendable, Hashable, CustomStringConvertible {
    public var environment: String
    public var transformation: Transformation
    public var publicID: String
    public var format: Transformation.Format?

    /// Where delivery URLs point when the manifest names no `deliveryBaseURL`: `sluice serve` on its default port.
    public static let defaultBase = "http://localhost:8080"

    public init(environment: String, transformation: Transformation = Transformation(), publicID: String, format: Transformation.Format?) {
        self.environment = environment
        self.transformation = transformation
        self.publicID = publicID
        self.format = format
    }

    /// The path, from `/media/`.
    public var path: String {
        var parts = ["media", environment]
        if !transformation.isEmpty { parts.append(transformation.description) }
        let id = publicID.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? String($0) }
        return "/" + (parts + id).joined(separator: "/") + (format.map { "." + $0.rawValue } ?? "")
    }

    /// The URL on `base` (no trailing `/` needed).
    public func string(base: String) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + path
    }

    public var description: String { path }

    /// Characters a path segment keeps as they are.
    private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#%;"))

    /// Why text is not a delivery URL.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Reads a URL (`http://host/media/…`) or a path (`/media/…`, `media/…`).
    public static func parse(_ text: String) throws(ParseError) -> DeliveryURL {
        var path = text
        if let scheme = path.range(of: "://") {
            let afterScheme = path[scheme.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? ""
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let media = segments.firstIndex(of: "media"), segments.count >= media + 3 else {
            throw ParseError(
                reason: "\"\(text.shown(limit: 120))\" is not a delivery URL (…/media/<environment>/[<transformation>/]<public id>.<format>)")
        }
        let environment = segments[media + 1]
        var rest = Array(segments[(media + 2)...])
        var components: [Transformation.Component] = []
        while rest.count > 1, let decoded = rest[0].removingPercentEncoding, let parsed = try? Transformation.parse(decoded) {
            components += parsed.components
            rest.removeFirst()
        }
        var names: [String] = []
        for segment in rest {
            guard let decoded = segment.removingPercentEncoding else {
                throw ParseError(reason: "bad percent-encoding in \"\(segment.shown(limit: 80))\"")
            }
            names.append(decoded)
        }
        var publicID = names.joined(separator: "/")
        var format: Transformation.Format?
        if let dot = publicID.lastIndex(of: "."), let named = Transformation.Format(fileExtension: String(publicID[publicID.index(after: dot)...])) {
            format = named
            publicID = String(publicID[..<dot])
        }
        guard !publicID.isEmpty else { throw ParseError(reason: "\"\(text.shown(limit: 120))\" names no public id") }
        return DeliveryURL(environment: environment, transformation: Transformation(components: components), publicID: publicID, format: format)
    }
}
