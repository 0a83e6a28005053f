import CVips
import Foundation
import SluiceDocuments

/// Pictures drawn with libvips, for tests, the demo and the benchmark: nothing has to be downloaded.
public enum SamplePictures {
    /// A `width` x `height` picture whose top half is `top` and bottom half `bottom`, encoded as `format`; with
    /// `orientation` (1-8), its EXIF says to show it turned (a JPEG keeps the tag); `exif` fields (`exif-ifd0-Make`,
    /// `exif-ifd2-DateTimeOriginal`) are written into a JPEG's EXIF.
    public static func twoHalves(
        width: Int, height: Int, top: Transformation.Color, bottom: Transformation.Color, format: Transformation.Format = .jpg,
        orientation: Int = 1, quality: Int = 90, exif: [String: String] = [:]
    ) throws(ImagingError) -> Data {
        try Vips.start()
        var out: UnsafeMutablePointer<VipsImage>?
        let topValues = top.values(bands: 3)
        let bottomValues = bottom.values(bands: 3)
        guard sluice_vips_two_halves(&out, Int32(width), Int32(height), topValues, bottomValues) == 0, let out else {
            throw .failed(operation: "drawing", reason: Vips.takeError())
        }
        var image = VipsImageRef(out)
        if orientation != 1 {
            image = try image.apply("orientation") { sluice_vips_with_orientation($0, $1, Int32(orientation)) }
        }
        if !exif.isEmpty {
            image = try image.apply("copy") { sluice_vips_with_orientation($0, $1, Int32(orientation)) }
            for (name, value) in exif { sluice_vips_set_string(image.pointer, name, value) }
        }
        // Metadata is kept (the EXIF asked for), unlike in derivations.
        let suffix =
            switch format {
            case .jpg: ".jpg[Q=\(quality)]"
            case .webp: ".webp[Q=\(quality)]"
            default: ".\(format.rawValue)"
            }
        return try image.encoded(suffix, format: format.rawValue)
    }

    /// A `width` x `height` JPEG with the texture of a photograph (soft shapes, fine grain), different for each
    /// `seed`: the benchmark's twelve-megapixel inputs.
    public static func photo(width: Int, height: Int, seed: Int, quality: Int = 90) throws(ImagingError) -> Data {
        try Vips.start()
        var out: UnsafeMutablePointer<VipsImage>?
        guard sluice_vips_sample_photo(&out, Int32(width), Int32(height), Int32(seed)) == 0, let out else {
            throw .failed(operation: "drawing", reason: Vips.takeError())
        }
        return try ImageRenderer.encode(VipsImageRef(out), as: .jpg, quality: quality, progressive: false)
    }

    /// The colour of the pixel at (`x`, `y`) of an encoded image (one value per band, 0-255), upright by EXIF.
    public static func pixel(of data: Data, x: Int, y: Int) throws(ImagingError) -> [Double] {
        try Vips.start()
        do {
            return try data.withUnsafeBytes { bytes in
                // The pixel is read before the bytes go: libvips decodes from them lazily.
                guard let loaded = sluice_vips_open_buffer(bytes.baseAddress, bytes.count) else {
                    throw ImagingError.failed(operation: "reading", reason: Vips.takeError())
                }
                let image = try VipsImageRef(loaded).apply("autorot") { sluice_vips_autorot($0, $1) }
                return try point(of: image, x: x, y: y)
            }
        } catch let error as ImagingError { throw error } catch { throw .failed(operation: "reading", reason: "\(error)") }
    }

    static func point(of image: VipsImageRef, x: Int, y: Int) throws(ImagingError) -> [Double] {
        var vector: UnsafeMutablePointer<Double>?
        var count: Int32 = 0
        guard sluice_vips_getpoint(image.pointer, &vector, &count, Int32(x), Int32(y)) == 0, let vector else {
            throw .failed(operation: "reading a pixel", reason: Vips.takeError())
        }
        defer { g_free(vector) }
        return Array(UnsafeBufferPointer(start: vector, count: Int(count)))
    }
}
