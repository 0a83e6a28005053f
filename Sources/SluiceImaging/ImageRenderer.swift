import CVips
import Foundation
import SluiceDocuments

/// An encoded result of a transformation.
public struct RenderedImage: Sendable {
    public var data: Data
    public var format: Transformation.Format
    public var width: Int
    public var height: Int
}

/// Applies a ``Transformation`` to an image file with libvips.
///
/// The first resize of a derivation reads the file through libvips' thumbnail operation, which shrinks JPEG and WebP
/// while decoding (a 12-megapixel JPEG becomes a 400-pixel thumbnail without ever being decoded at full size). Every
/// derivation is upright by its EXIF orientation and drops the original's metadata (EXIF, GPS). At most ``slotCount``
/// images are processed at once: the rest wait, so memory stays bounded however many are asked for.
public enum ImageRenderer {
    /// How many images are rendered at once: one more than the cores (so the processor has work while a finished
    /// render is written and recorded), or `SLUICE_IMAGE_SLOTS`.
    public static let slotCount = max(
        1, ProcessInfo.processInfo.environment["SLUICE_IMAGE_SLOTS"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount + 1)
    static let slots = DispatchSemaphore(value: slotCount)

    /// The formats this libvips can write. Finding out about AVIF takes an encoder start (about 0.1 s), so it is asked
    /// only when AVIF is wanted.
    public static var writableFormats: Set<Transformation.Format> { canWriteAVIF ? baseFormats.union([.avif]) : baseFormats }

    /// Whether `format` can be written, without starting an AV1 encoder for any other format.
    public static func canWrite(_ format: Transformation.Format) -> Bool {
        format == .avif ? canWriteAVIF : baseFormats.contains(format)
    }

    private static let baseFormats: Set<Transformation.Format> = {
        guard (try? Vips.start()) != nil else { return [] }
        return Set([Transformation.Format.jpg, .png, .webp, .gif].filter { sluice_vips_can_save(".\($0.rawValue)") != 0 })
    }()

    private static let canWriteAVIF: Bool = (try? Vips.start()) != nil && canEncodeAVIF()

    /// Whether the HEIF saver has an AV1 encoder (libheif's plugins vary): a tiny image is encoded to find out.
    private static func canEncodeAVIF() -> Bool {
        var out: UnsafeMutablePointer<VipsImage>?
        let gray: [Double] = [128, 128, 128]
        guard sluice_vips_two_halves(&out, 16, 16, gray, gray) == 0, let out else {
            vips_error_clear()
            return false
        }
        let image = VipsImageRef(out)
        return (try? encode(image, as: .avif, quality: 50, progressive: false)) != nil
    }

    /// Renders the image at `path` (called `shownPath` in errors) through `transformation`, which must have no named
    /// transformations left (see ``Transformation/expanded(_:)``). The output format is the transformation's `f_`,
    /// else `format` (the one a delivery URL's extension asks for), else the original's (JPEG for a format this
    /// libvips cannot write). `f_auto` picks the best of `accepts`.
    public static func render(
        file path: String, shownPath: String? = nil, transformation: Transformation, format requested: Transformation.Format? = nil,
        accepts: Set<Transformation.Format> = [], pixelLimit: Int = ImageInspector.defaultPixelLimit
    ) throws(ImagingError) -> RenderedImage {
        let shown = shownPath ?? path
        let facts = try ImageInspector.inspect(path, shownPath: shown, pixelLimit: pixelLimit)
        if let named = transformation.namedTransformations.first {
            throw .badTransformation(TransformationError(position: 0, parameter: "t_\(named)", reason: "named transformations are not expanded"))
        }
        slots.wait()
        defer { slots.signal() }
        var pipeline = Pipeline(path: path, shown: shown, facts: facts, pixelLimit: pixelLimit)
        for component in transformation.components { try pipeline.apply(component) }
        let image = try pipeline.image()
        let original = Transformation.Format(fileExtension: facts.format)
        var format = transformation.format ?? requested ?? original ?? .jpg
        if format == .auto { format = choose(from: accepts, hasAlpha: image.hasAlpha, original: original) }
        guard canWrite(format) else { throw .unsupportedFormat(format.rawValue) }
        var output = image
        if !(format == .png || format == .webp || format == .gif || format == .avif), output.hasAlpha {
            output = try flatten(output, onto: pipeline.lastBackground ?? .white)
        }
        let quality = transformation.components.last { $0.quality != nil }?.quality?.level ?? 80
        let progressive = transformation.components.contains(where: \.progressive)
        let data = try encode(output, as: format, quality: quality, progressive: progressive)
        return RenderedImage(data: data, format: format, width: output.width, height: output.height)
    }

    /// `f_auto`: AVIF, then WebP, when accepted and writable; else PNG for images with transparency, JPEG otherwise.
    static func choose(from accepts: Set<Transformation.Format>, hasAlpha: Bool, original: Transformation.Format?) -> Transformation.Format {
        for preferred in [Transformation.Format.avif, .webp] where accepts.contains(preferred) && canWrite(preferred) {
            return preferred
        }
        return hasAlpha || original == .png ? .png : .jpg
    }

    static func flatten(_ image: VipsImageRef, onto color: Transformation.Color) throws(ImagingError) -> VipsImageRef {
        let background = color.values(bands: image.bands - 1)
        return try image.apply("flatten") { sluice_vips_flatten($0, $1, background, Int32(background.count)) }
    }

    /// Every operation after loading works on 8-bit sRGB (or 8-bit grey) pixels, alpha kept: colours given as 0-255
    /// RGB (borders, backgrounds, padding) then mean what they say, and savers get what they take. CMYK, 16-bit and
    /// float images are converted once, right after loading.
    static func normalized(_ image: VipsImageRef) throws(ImagingError) -> VipsImageRef {
        let space = vips_image_get_interpretation(image.pointer)
        let grey = space == VIPS_INTERPRETATION_GREY16 || space == VIPS_INTERPRETATION_B_W
        let target = grey ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB
        var result = image
        if space != target { result = try result.apply("colourspace") { sluice_vips_colourspace($0, $1, target) } }
        if vips_image_get_format(result.pointer) != VIPS_FORMAT_UCHAR { result = try result.apply("cast") { sluice_vips_cast_uchar($0, $1) } }
        return result
    }

    static func encode(_ image: VipsImageRef, as format: Transformation.Format, quality: Int, progressive: Bool) throws(ImagingError) -> Data {
        let suffix: String
        switch format {
        case .jpg: suffix = ".jpg[Q=\(quality),strip\(progressive ? ",interlace" : "")]"
        case .png: suffix = ".png[strip\(progressive ? ",interlace" : "")]"
        case .webp: suffix = ".webp[Q=\(quality),strip]"
        case .gif: suffix = ".gif[strip]"
        case .avif: suffix = ".heif[Q=\(quality),compression=av1,strip]"
        case .auto: throw .unsupportedFormat("auto")
        }
        return try image.encoded(suffix, format: format.rawValue)
    }
}

extension Transformation.Color {
    /// The colour as libvips band values: gray for 1 band, RGB for 3, with alpha when `bands` is 2 or 4.
    func values(bands: Int) -> [Double] {
        switch bands {
        case 1: [Double(Int(red) * 299 + Int(green) * 587 + Int(blue) * 114) / 1000]
        case 2: [Double(Int(red) * 299 + Int(green) * 587 + Int(blue) * 114) / 1000, Double(alpha)]
        case 4: [Double(red), Double(green), Double(blue), Double(alpha)]
        default: [Double(red), Double(green), Double(blue)]
        }
    }
}
