import Foundation
import SluiceDocuments
import SluiceJSON

/// The address of an asset as delivered, original or derived:
///
///     <base>/media/<environment>/<transformation>/<public id>.<format>
///     http://localhost:8080/media/production/c_fill,w_400,h_300/products/red-bag.webp
///
/// The transformation part is left out for the original. The extension names the format delivered: the asset's own
/// (`tiff`, `mp4`, …) for the original, any format Sluice writes for a derivation; it is always there, so a public id
/// may hold dots. The leading segments that parse as a transformation are the transformation and the rest is the
/// public id, as Cloudinary reads its own URLs; a public id whose first folder would read as a transformation (or as
/// a version `v1`) gets a `v1` segment before it, which ends the transformation. `sluice serve` answers these
/// addresses, `sluice assets render` produces their files, and Create Asset URL builds them.
public struct DeliveryURL: Sendable, Hashable, CustomStringConvertible {
    public var environment: String
    public var transformation: Transformation
    public var publicID: String
    /// The extension: the format delivered; nil in a URL written without one.
    public var format: String?

    /// Where delivery URLs point when the manifest names no `deliveryBaseURL`: `sluice serve` on its default port.
    public static let defaultBase = "http://localhost:8080"

    public init(environment: String, transformation: Transformation = Transformation(), publicID: String, format: String?) {
        self.environment = environment
        self.transformation = transformation
        self.publicID = publicID
        self.format = format
    }

    /// The extension of `asset`'s URL with `transformation`: the transformation's `f_`, else the asset's own format when
    /// the URL delivers the original or Sluice writes that format, else `jpg` (a TIFF, HEIC or video derives to JPEG).
    public static func extensionFor(asset: Asset, transformation: Transformation) -> String {
        if let asked = transformation.format, asked != .auto { return asked.rawValue }
        if transformation.isEmpty || Transformation.Format(fileExtension: asset.format) != nil { return asset.format }
        return Transformation.Format.jpg.rawValue
    }

    /// The format to derive in, when the extension names one Sluice writes.
    public var deliveryFormat: Transformation.Format? { format.flatMap { Transformation.Format(fileExtension: $0) } }

    /// The path, from `/media/`.
    public var path: String {
        var parts = ["media", environment]
        if !transformation.isEmpty { parts.append(transformation.description) }
        let id = publicID.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let first = id.first, Self.isVersion(first) || (try? Transformation.parse(first)) != nil { parts.append("v1") }
        let encoded = id.map { $0.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? $0 }
        return "/" + (parts + encoded).joined(separator: "/") + (format.map { "." + $0 } ?? "")
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

    /// `v` and digits: a version segment, which ends the transformation part.
    static func isVersion(_ segment: String) -> Bool {
        segment.count > 1 && segment.first == "v" && segment.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Why text is not a delivery URL.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Reads a URL (`http://host/media/…`) or a path (`/media/…`, `media/…`).
    public static func parse(_ text: String) throws(ParseError) -> DeliveryURL {
        func fail(_ reason: String) -> ParseError { ParseError(reason: "\"\(text.shown(limit: 120))\" \(reason)") }
        var path = text
        if let scheme = path.range(of: "://") {
            let afterScheme = path[scheme.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? ""
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let media = segments.firstIndex(of: "media"), segments.count >= media + 3 else {
            throw fail("is not a delivery URL (…/media/<environment>/[<transformation>/]<public id>.<format>)")
        }
        let environment = segments[media + 1]
        guard environment.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._-]{0,62}/) != nil, !environment.contains("..") else {
            throw fail("names no environment (\"\(environment.shown(limit: 40))\")")
        }
        var rest = Array(segments[(media + 2)...])
        var components: [Transformation.Component] = []
        // Transformation segments are read as they are: the syntax needs no percent-encoding, and a decoded `/` must
        // not split one.
        while rest.count > 1, !isVersion(rest[0]), let parsed = try? Transformation.parse(rest[0]) {
            components += parsed.components
            rest.removeFirst()
        }
        if rest.count > 1, isVersion(rest[0]) { rest.removeFirst() }
        var names: [String] = []
        for segment in rest {
            guard let decoded = segment.removingPercentEncoding, !decoded.contains("/"), decoded.isPlainlyShown else {
                throw fail("has a segment that is not a name (\"\(segment.shown(limit: 60))\")")
            }
            names.append(decoded)
        }
        var publicID = names.joined(separator: "/")
        var format: String?
        if let dot = publicID.lastIndex(of: "."), publicID.index(after: dot) < publicID.endIndex {
            let ext = String(publicID[publicID.index(after: dot)...])
            if ext.count <= 5, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                format = ext.lowercased()
                publicID = String(publicID[..<dot])
            }
        }
        guard !publicID.isEmpty else { throw fail("names no public id") }
        return DeliveryURL(environment: environment, transformation: Transformation(components: components), publicID: publicID, format: format)
    }
}
