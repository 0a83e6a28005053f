import Foundation
import SluiceDocuments
import SluiceImaging
import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMedia

@Suite("Derived assets and what uploads learn from the pixels")
struct DerivedAssetTests {
    static let red = Transformation.Color(red: 255, green: 0, blue: 0)
    static let blue = Transformation.Color(red: 0, green: 0, blue: 255)

    static func picture(
        _ directory: TemporaryDirectory, _ name: String, width: Int = 400, height: Int = 300, orientation: Int = 1, exif: [String: String] = [:]
    )
        throws -> String
    {
        let path = directory.child(name)
        try SamplePictures.twoHalves(width: width, height: height, top: red, bottom: blue, orientation: orientation, exif: exif)
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    static func upload(_ library: MediaLibrary, _ path: String, as publicID: String, overwrite: Bool = false) throws -> Asset {
        var options = MediaLibrary.UploadOptions()
        options.publicID = publicID
        options.overwrite = overwrite
        return try library.upload(file: path, options: options)
    }

    @Test("a derivation is computed once per content and transformation, and goes with the last asset holding its content")
    func cachedAndDeleted() throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let path = try Self.picture(directory, "a.jpg")
        _ = try Self.upload(library, path, as: "a")
        _ = try Self.upload(library, path, as: "same-content")
        let fill = try Transformation.parse("c_fill,h_50,w_50")
        let first = try library.derive("a", transformation: fill)
        #expect(!first.cached && first.width == 50 && first.height == 50 && first.format == .jpg)
        #expect(FileManager.default.fileExists(atPath: first.path))
        let modified = try FileManager.default.attributesOfItem(atPath: first.path)[.modificationDate] as? Date
        // The same derivation written another way, and through another asset with the same content, is found.
        let again = try library.derive("same-content", transformation: try Transformation.parse("w_50,h_50,c_fill"))
        #expect(again.cached && again.path == first.path && again.contentHash == first.contentHash)
        #expect(try FileManager.default.attributesOfItem(atPath: first.path)[.modificationDate] as? Date == modified)
        let webp = try library.derive("a", transformation: fill, format: .webp)
        #expect(!webp.cached && webp.format == .webp && webp.path != first.path)
        #expect(try library.derivations(of: "a").count == 2)
        // Asking for the original's format by name finds the same file as asking for none.
        #expect(try library.derive("a", transformation: fill, format: .jpg).cached)
        #expect(try library.derivations(of: "a").count == 2)

        try library.delete("a")
        #expect(FileManager.default.fileExists(atPath: first.path), "another asset still holds the content")
        try library.delete("same-content")
        #expect(!FileManager.default.fileExists(atPath: first.path) && !FileManager.default.fileExists(atPath: webp.path))
        #expect(try library.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM derived") } == 0)
    }

    @Test("replacing an asset's content drops the derivations of the old content")
    func overwrite() throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        _ = try Self.upload(library, try Self.picture(directory, "a.jpg"), as: "a")
        let old = try library.derive("a", transformation: try Transformation.parse("w_20"))
        let replaced = try Self.upload(library, try Self.picture(directory, "b.jpg", width: 200), as: "a", overwrite: true)
        #expect(replaced.width == 200)
        #expect(!FileManager.default.fileExists(atPath: old.path))
        let new = try library.derive("a", transformation: try Transformation.parse("w_20"))
        #expect(!new.cached && new.height == 30)
    }

    @Test("an upload records what libvips reads: size, pages, colour, orientation and EXIF facts")
    func facts() throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let path = try Self.picture(
            directory, "turned.jpg", orientation: 6,
            exif: ["exif-ifd0-Make": "Canon", "exif-ifd0-Model": "Canon EOS R5", "exif-ifd2-DateTimeOriginal": "2024:05:01 10:30:00"])
        let asset = try Self.upload(library, path, as: "turned")
        #expect(asset.width == 400 && asset.height == 300)
        #expect(asset.facts["orientation"] == 6 && asset.facts["pages"] == 1 && asset.facts["hasAlpha"] == false)
        #expect(asset.facts["colorSpace"] == "srgb" && asset.facts["hasGPS"] == false)
        #expect(asset.facts["camera"] == "Canon EOS R5" && asset.facts["takenAt"] == "2024-05-01T10:30:00")
        #expect(try library.asset("turned").facts == asset.facts, "facts are stored in the catalog")
        #expect(try library.search("facts.orientation:6 facts.camera:\"Canon EOS R5\" facts.takenAt>=2024-01-01").map(\.publicID) == ["turned"])
        #expect(try library.search("facts.hasGPS:true").isEmpty && library.search("facts.colorspace:srgb").count == 1)
        for (query, reason) in [
            ("facts.iso>100", "unknown fact \"iso\""), ("facts.hasGPS:maybe", "true or false"), ("facts.camera>a", "takes : or !="),
            ("facts.pages:many", "is not a number"),
        ] {
            #expect { try library.search(query) } throws: { "\($0)".contains(reason) }
        }
        #expect(asset.jsonValue["facts"]?["orientation"] == 6)
        // Derivations are upright: the stored 400x300 shows as 300x400.
        let upright = try library.derive("turned", transformation: try Transformation.parse("w_0.5"))
        #expect(upright.width == 150 && upright.height == 200)
        let logo = try library.upload(file: TestEnvironment.fixtures + "/media/logo.png")
        #expect(logo.facts["hasAlpha"] == true)
        let spinner = try library.upload(file: TestEnvironment.fixtures + "/media/spinner.gif")
        #expect((spinner.facts["pages"]?.intValue ?? 0) > 1)
    }

    @Test("a file cut short, one whose header lies, or a decompression bomb is refused with one line, and nothing is stored")
    func refusals() throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try Self.picture(directory, "whole.jpg")))
        let cut = directory.child("cut.jpg")
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: cut))
        // A PNG header claiming 100000 x 100000 pixels over a few bytes of data.
        var bomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bomb += [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0, 0x2B, 0xF1, 0x45, 0x2E]
        let bombPath = directory.child("bomb.png")
        try Data(bomb).write(to: URL(fileURLWithPath: bombPath))
        // A GIF cut between frames: the frames before the cut decode, but the trailer is missing.
        let gif = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixtures + "/media/spinner.gif"))
        let cutGIF = directory.child("cut.gif")
        try gif.prefix(281).write(to: URL(fileURLWithPath: cutGIF))
        for path in [cut, bombPath, cutGIF] {
            #expect { try library.upload(file: path) } throws: { error in
                let text = "\(error)"
                return text.hasPrefix(path) && !text.contains("\n")
            }
        }
        #expect(try library.count() == 0)
        let stored = try FileManager.default.subpathsOfDirectory(atPath: directory.child("library/objects")).filter {
            !$0.hasPrefix(".") && $0.count > 3
        }
        #expect(stored.isEmpty, "\(stored)")
    }

    @Test("an upload takes its check's findings only for the very content checked: a file changed since is decoded again")
    func checkedOnce() throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let path = try Self.picture(directory, "a.jpg")
        let checked = try library.check(file: path)
        #expect(try library.upload(file: path, checked: checked).width == 400)
        // Swapped for a file cut short after the check: refused, not taken on the check's word.
        let later = try Self.picture(directory, "b.jpg", width: 300)
        let checkedLater = try library.check(file: later)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: later))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: later))
        #expect(throws: MediaError.self) { try library.upload(file: later, checked: checkedLater) }
        #expect(try library.count() == 1)
    }

    @Test("a video is probed with FFmpeg, and derives from its poster frame")
    func video() throws {
        let directory = try TemporaryDirectory()
        let path = directory.child("clip.mp4")
        let made = try ProcessRunner.run(
            "/usr/bin/env",
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=3:size=160x120:rate=10", "-c:v", "mpeg4", "-pix_fmt", "yuv420p", path])
        #expect(made.status == 0, "\(made.stderr)")
        let library = try MediaLibrary(root: directory.child("library"))
        let clip = try library.upload(file: path)
        #expect(clip.resourceType == .video && clip.format == "mp4" && clip.width == 160 && clip.height == 120)
        #expect(clip.facts["videoCodec"] == "mpeg4" && clip.facts["frameRate"] == 10)
        #expect(abs((clip.facts["duration"]?.doubleValue ?? 0) - 3) < 0.2)
        let thumbnail = try library.derive(clip.publicID, transformation: try Transformation.parse("c_fill,w_64,h_64"))
        #expect(thumbnail.format == .jpg && thumbnail.width == 64 && thumbnail.height == 64)
        #expect(try library.derivations(of: clip.publicID).count == 2, "the poster frame and the thumbnail")
        _ = try library.upload(file: TestEnvironment.fixtures + "/media/logo.png")
        #expect(try library.search("facts.duration>2.5").map(\.publicID) == [clip.publicID])
        #expect(try library.search("facts.videoCodec:mpeg4 facts.frameRate>=10").map(\.publicID) == [clip.publicID])
        #expect(try library.search("facts.hasAlpha:true").map(\.publicID) == ["logo"])
        #expect(try library.search("facts.duration<1").isEmpty)
        // A file that starts like an MP4 but is not one is refused.
        let fake = directory.child("fake.mp4")
        try Data([0, 0, 0, 0x18] + Array("ftypisom".utf8) + [UInt8](repeating: 7, count: 200)).write(to: URL(fileURLWithPath: fake))
        #expect { try library.upload(file: fake) } throws: { "\($0)".contains("FFmpeg cannot read it") }
    }

    @Test("delivery URLs are built and read back, with transformations and folders")
    func deliveryURLs() throws {
        let url = DeliveryURL(
            environment: "production", transformation: try Transformation.parse("w_400,c_fill,h_300/f_webp"), publicID: "shop/red bag", format: "webp"
        )
        let text = url.string(base: "https://cdn.example.com/")
        #expect(text == "https://cdn.example.com/media/production/c_fill,h_300,w_400/f_webp/shop/red%20bag.webp")
        #expect(try DeliveryURL.parse(text) == url)
        #expect(try DeliveryURL.parse("/media/main/logo").format == nil)
        #expect(try DeliveryURL.parse("media/main/folder/a.b.png") == DeliveryURL(environment: "main", publicID: "folder/a.b", format: "png"))
        #expect(throws: DeliveryURL.ParseError.self) { try DeliveryURL.parse("https://example.com/images/a.jpg") }
        // A first folder that reads as a transformation (or a version) gets a `v1` before it, which ends the transformation.
        let tricky = DeliveryURL(environment: "main", publicID: "w_100/x", format: "png")
        #expect(tricky.path == "/media/main/v1/w_100/x.png")
        #expect(try DeliveryURL.parse(tricky.path) == tricky)
        let both = DeliveryURL(environment: "main", transformation: try Transformation.parse("e_grayscale"), publicID: "v2/q_auto/x", format: "jpg")
        #expect(both.path == "/media/main/e_grayscale/v1/v2/q_auto/x.jpg")
        #expect(try DeliveryURL.parse(both.path) == both)
        // The extension is always the format, whatever it is: a public id may hold dots.
        #expect(try DeliveryURL.parse("/media/main/pic.png.tiff") == DeliveryURL(environment: "main", publicID: "pic.png", format: "tiff"))
        // An encoded `/` does not split a transformation, and hidden characters or `..` are not names.
        for bad in ["/media/main/w_10/sunset%00.jpg", "/media/../media/x.jpg", "/media/main/a%2Fb/x.jpg", "/media/main/w_10%2Fh_5/x.jpg"] {
            #expect(throws: DeliveryURL.ParseError.self, "\(bad)") { try DeliveryURL.parse(bad) }
        }
    }
}
