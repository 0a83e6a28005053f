import CVips
import Foundation

/// libvips, started once per process with bounded threads and no operation cache.
///
/// Sluice works on many images at once rather than on one image with many threads: each image gets one libvips
/// thread (`SLUICE_VIPS_THREADS` changes it), and ``ImageRenderer`` works on one image more than the machine has cores
/// (`SLUICE_IMAGE_SLOTS`), so the processor has work while a run writes its records. A flow over a thousand large
/// images holds a few decoding strips, not a thousand images. (Measured with `sluice-media-benchmark`: two threads
/// per image on two images at once took 1.19x vipsthumbnail's time; one thread on three images, 1.04x.)
enum Vips {
    /// Whether libvips started; the reason when it did not.
    static let started: Result<Void, ImagingError> = {
        guard sluice_vips_init("sluice") == 0 else { return .failure(.unavailable(takeError())) }
        // Threads per image: one, unless SLUICE_VIPS_THREADS asks for more (at most 8).
        let threads = ProcessInfo.processInfo.environment["SLUICE_VIPS_THREADS"].flatMap(Int.init) ?? 1
        vips_concurrency_set(Int32(min(8, max(1, threads))))
        // libvips' operation cache would keep recent operations for reuse; derivations are kept as files by the media
        // library instead, and every image is a new file, so the cache is off: nothing grows in a long-running
        // server, and concurrent renders do not queue on the cache's lock.
        vips_cache_set_max(0)
        // Loaders libvips marks untrusted (fuzzed less: ImageMagick, PDF, FITS, …) are never used on uploads.
        vips_block_untrusted_set(1)
        return .success(())
    }()

    /// Starts libvips (once), or throws why it cannot.
    static func start() throws(ImagingError) {
        if case .failure(let error) = started { throw error }
    }

    /// libvips' error text (cleared), one line.
    static func takeError() -> String {
        guard let buffer = vips_error_buffer_copy() else { return "unknown libvips error" }
        defer { g_free(buffer) }
        let text = String(cString: buffer).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return text.isEmpty ? "unknown libvips error" : text.joined(separator: "; ")
    }

    /// The largest amount of memory libvips has held for pixels in this process, in bytes.
    static var peakTrackedMemory: Int { Int(vips_tracked_get_mem_highwater()) }
}

/// One libvips image, released when the last reference goes.
final class VipsImageRef: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<VipsImage>

    init(_ pointer: UnsafeMutablePointer<VipsImage>) {
        self.pointer = pointer
    }

    deinit { sluice_vips_unref(pointer) }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }
    var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }

    /// Runs an operation producing a new image, or throws libvips' error naming `operation`.
    func apply(_ operation: String, _ body: (UnsafeMutablePointer<VipsImage>, UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32)
        throws(ImagingError) -> VipsImageRef
    {
        var out: UnsafeMutablePointer<VipsImage>?
        guard body(pointer, &out) == 0, let out else { throw .failed(operation: operation, reason: Vips.takeError()) }
        return VipsImageRef(out)
    }

    /// A metadata string (`exif-ifd0-Model`), without the description libvips appends in parentheses.
    func string(_ field: String) -> String? {
        guard vips_image_get_typeof(pointer, field) != 0 else { return nil }
        var value: UnsafePointer<CChar>?
        guard vips_image_get_string(pointer, field, &value) == 0, let value else {
            vips_error_clear()
            return nil
        }
        var text = String(cString: value)
        if let open = text.range(of: " (", options: .backwards), text.hasSuffix(")") { text = String(text[..<open.lowerBound]) }
        let trimmed = text.trimmingCharacters(in: .whitespaces.union(.controlCharacters))
        return trimmed.isEmpty ? nil : trimmed
    }

    func int(_ field: String) -> Int? {
        guard vips_image_get_typeof(pointer, field) != 0 else { return nil }
        var value: Int32 = 0
        guard vips_image_get_int(pointer, field, &value) == 0 else {
            vips_error_clear()
            return nil
        }
        return Int(value)
    }

    func has(_ field: String) -> Bool { vips_image_get_typeof(pointer, field) != 0 }

    /// The image encoded in memory; `suffix` names the format and its options (`.jpg[Q=80,strip]`).
    func encoded(_ suffix: String, format: String) throws(ImagingError) -> Data {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard sluice_vips_save_buffer(pointer, suffix, &buffer, &length) == 0, let buffer else {
            throw .failed(operation: "writing \(format)", reason: Vips.takeError())
        }
        defer { g_free(buffer) }
        return Data(bytes: buffer, count: length)
    }
}
