import CVips
import Foundation

/// What libvips reads from an image file: its real size and format, pages, colour and EXIF facts.
public struct ImageFacts: Sendable, Hashable {
    /// The format's usual extension: `jpg`, `png`, `gif`, `webp`, `avif`, `heic`, `tiff`.
    public var format: String
    /// The stored size, before EXIF orientation.
    public var width: Int
    public var height: Int
    /// Pages or frames (an animated GIF's frames); 1 for a still image.
    public var pages: Int
    public var bands: Int
    /// `srgb`, `b-w` (grayscale), `cmyk`, `rgb16`, …
    public var colorSpace: String
    public var hasAlpha: Bool
    /// EXIF orientation, 1 (upright) to 8.
    public var orientation: Int
    /// Make and model, when the EXIF names them.
    public var camera: String?
    /// When the picture was taken, as EXIF writes it (`2024:05:01 10:30:00`) turned into ISO 8601 (`2024-05-01T10:30:00`).
    public var takenAt: String?
    /// Whether the EXIF holds a GPS position (the position itself is not kept).
    public var hasGPS: Bool

    /// The size as shown: width and height swapped for orientations 5 to 8 (a quarter turn).
    public var uprightWidth: Int { orientation >= 5 ? height : width }
    public var uprightHeight: Int { orientation >= 5 ? width : height }
}

/// Reads images with libvips: headers (without decoding pixels) and a full check that the data is all there.
public enum ImageInspector {
    /// The most pixels (width x height x pages) an image, or a result, may have: 100 megapixels.
    public static let defaultPixelLimit = 100_000_000

    /// libvips loaders Sluice accepts, by the start of their class name after `VipsForeignLoad`, and the format each reads.
    static let loaders: [(name: String, format: String)] = [
        ("jpeg", "jpg"), ("png", "png"), ("spng", "png"), ("nsgif", "gif"), ("gif", "gif"), ("webp", "webp"), ("heif", "heic"), ("tiff", "tiff"),
    ]

    /// The facts of the image at `path` (named `shownPath` in errors), from its header. With `verify`, every pixel is
    /// also decoded once, at a reduced scale where the format allows, so a file cut short or damaged after its header
    /// is refused. An image above `pixelLimit` is refused before anything is decoded.
    public static func inspect(_ path: String, shownPath: String? = nil, verify: Bool = false, pixelLimit: Int = defaultPixelLimit)
        throws(ImagingError) -> ImageFacts
    {
        try Vips.start()
        let shown = shownPath ?? path
        guard let loaderName = sluice_vips_loader(path) else { throw .cannotOpen(path: shown, reason: Vips.takeError()) }
        let loader = String(cString: loaderName).lowercased().replacingOccurrences(of: "vipsforeignload", with: "")
        guard let format = loaders.first(where: { loader.hasPrefix($0.name) })?.format else {
            throw .cannotOpen(path: shown, reason: "not a JPEG, PNG, GIF, WebP, AVIF, HEIC or TIFF image")
        }
        guard let opened = sluice_vips_open(path, 1, 1) else { throw .cannotOpen(path: shown, reason: Vips.takeError()) }
        let image = VipsImageRef(opened)
        let pages = max(1, image.int("n-pages") ?? 1)
        let (width, height) = (image.width, image.height)
        guard width > 0, height > 0 else { throw .cannotOpen(path: shown, reason: "an empty image") }
        let pixels = width.multipliedReportingOverflow(by: height)
        if pixels.overflow || pixels.partialValue > pixelLimit {
            throw .tooLarge(what: shown, width: width, height: height, limit: pixelLimit)
        }
        var facts = ImageFacts(
            format: format == "heic" && image.string("heif-compression") == "av1" ? "avif" : format, width: width, height: height, pages: pages,
            bands: image.bands, colorSpace: Self.colorSpace(vips_image_get_interpretation(image.pointer)), hasAlpha: image.hasAlpha,
            orientation: (1...8).contains(image.int("orientation") ?? 1) ? image.int("orientation") ?? 1 : 1, camera: nil, takenAt: nil,
            hasGPS: image.has("exif-ifd3-GPSLatitude"))
        let make = image.string("exif-ifd0-Make")
        let model = image.string("exif-ifd0-Model")
        if let model { facts.camera = make.map { model.hasPrefix($0) ? model : "\($0) \(model)" } ?? model } else { facts.camera = make }
        if let taken = image.string("exif-ifd2-DateTimeOriginal") ?? image.string("exif-ifd0-DateTime") {
            facts.takenAt = Self.isoTime(exif: taken)
        }
        if verify { try Self.verify(path, shown: shown, facts: facts) }
        return facts
    }

    /// Decodes the whole image once (shrunk on load where the format allows: a JPEG decodes at an eighth of its size
    /// but still reads every byte), failing on data that ends early or does not decode, and on any decoder warning: a
    /// JPEG whose header gives a size its data does not fill only warns.
    private static func verify(_ path: String, shown: String, facts: ImageFacts) throws(ImagingError) {
        var out: UnsafeMutablePointer<VipsImage>?
        guard sluice_vips_thumbnail_file(path, &out, 64, 64, VIPS_INTERESTING_NONE, VIPS_SIZE_DOWN, 1) == 0, let out else {
            throw .cannotOpen(path: shown, reason: Vips.takeError())
        }
        let thumbnail = VipsImageRef(out)
        var average = 0.0
        guard sluice_vips_avg(thumbnail.pointer, &average) == 0 else { throw .cannotOpen(path: shown, reason: Vips.takeError()) }
    }

    static func colorSpace(_ interpretation: VipsInterpretation) -> String {
        switch interpretation {
        case VIPS_INTERPRETATION_sRGB: "srgb"
        case VIPS_INTERPRETATION_B_W: "b-w"
        case VIPS_INTERPRETATION_CMYK: "cmyk"
        case VIPS_INTERPRETATION_RGB16: "rgb16"
        case VIPS_INTERPRETATION_GREY16: "grey16"
        case VIPS_INTERPRETATION_scRGB: "scrgb"
        case VIPS_INTERPRETATION_LAB: "lab"
        case VIPS_INTERPRETATION_MULTIBAND: "multiband"
        default: "other"
        }
    }

    /// `2024:05:01 10:30:00` as `2024-05-01T10:30:00`; nil for anything else.
    static func isoTime(exif text: String) -> String? {
        let characters = Array(text)
        guard characters.count >= 19, characters[4] == ":", characters[7] == ":", characters[10] == " " else { return nil }
        var result = characters[0..<19]
        result[4] = "-"
        result[7] = "-"
        result[10] = "T"
        let iso = String(result)
        guard iso.filter(\.isNumber).count == 14, !iso.hasPrefix("0000") else { return nil }
        return iso
    }
}
