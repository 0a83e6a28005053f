import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceMedia

@Suite("Media probe")
struct MediaProbeTests {
    static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixtures + "/media/" + name)))
    }

    /// The sizes Pillow drew them at (Fixtures/media/make_samples.py).
    @Test(
        "formats and sizes read from the headers of every sample",
        arguments: [
            ("sunset.jpg", "jpg", 320, 213), ("progressive.jpg", "jpg", 200, 150), ("red-bag.jpg", "jpg", 240, 320),
            ("logo.png", "png", 128, 128), ("spinner.gif", "gif", 48, 48), ("blue-shoe.webp", "webp", 400, 300),
            ("icon-lossless.webp", "webp", 64, 64), ("badge-alpha.webp", "webp", 96, 96),
        ])
    func samples(name: String, format: String, width: Int, height: Int) throws {
        let info = try #require(try MediaProbe.probe(try Self.sample(name)))
        #expect(info == MediaInfo(resourceType: .image, format: format, width: width, height: height))
    }

    /// Every prefix of a file shorter than its header is refused as corrupt (never given a made-up size), and every
    /// longer prefix gives the size of the whole file: the probe reads the header and nothing else.
    @Test(
        "files cut short inside their header are refused, never guessed",
        arguments: ["sunset.jpg", "red-bag.jpg", "logo.png", "spinner.gif", "blue-shoe.webp", "icon-lossless.webp", "badge-alpha.webp"])
    func truncated(name: String) throws {
        let bytes = try Self.sample(name)
        let whole = try #require(try MediaProbe.probe(bytes))
        let signature = name.hasSuffix(".webp") ? 12 : name.hasSuffix(".png") ? 8 : name.hasSuffix(".gif") ? 6 : 3
        var refused = 0
        for length in signature..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            do {
                #expect(try MediaProbe.probe(prefix) == whole, "\(name) cut at \(length)")
            } catch {
                #expect(refused == length - signature, "\(name): refused at \(length) after a longer prefix was read: \(error)")
                #expect(error.message.hasPrefix("corrupt"))
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    @Test("videos are known by their container; other files are not media")
    func videosAndOthers() throws {
        let mp4 = [0, 0, 0, 24] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8)
        #expect(try MediaProbe.probe(mp4) == MediaInfo(resourceType: .video, format: "mp4"))
        let mov = [0, 0, 0, 20] + Array("ftypqt  ".utf8) + [0, 0, 2, 0] + Array("qt  ".utf8)
        #expect(try MediaProbe.probe(mov)?.format == "mov")
        #expect(try MediaProbe.probe([0x1A, 0x45, 0xDF, 0xA3, 0x9F]) == MediaInfo(resourceType: .video, format: "webm"))
        #expect(try MediaProbe.probe(Array("%PDF-1.7\n".utf8)) == nil)
        #expect(try MediaProbe.probe([]) == nil)
        #expect(throws: MediaProbeError.self) {
            _ = try MediaProbe.probe(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPXXXX".utf8) + [UInt8](repeating: 0, count: 20))
        }
    }

    @Test("impossible headers are refused: a PNG side past 2^31 - 1, a RIFF size past the end of the file")
    func impossibleHeaders() throws {
        var png = try Self.sample("logo.png")
        png.replaceSubrange(16..<24, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: MediaProbeError(message: "corrupt PNG file: IHDR gives a size of 4294967295x4294967295")) { _ = try MediaProbe.probe(png) }
        let webp = try Self.sample("blue-shoe.webp")
        #expect(try MediaProbe.probe(webp, fileSize: webp.count) != nil)
        var cut = webp
        cut.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: MediaProbeError.self) { _ = try MediaProbe.probe(cut, fileSize: cut.count) }
    }
}
