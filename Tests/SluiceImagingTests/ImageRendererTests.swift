import Foundation
import SluiceDocuments
import SluiceImaging
import SluiceTestSupport
import Testing

@Suite("Rendering transformations with libvips")
struct ImageRendererTests {
    static let red = Transformation.Color(red: 255, green: 0, blue: 0)
    static let blue = Transformation.Color(red: 0, green: 0, blue: 255)

    /// A 400x300 JPEG, red above and blue below, in a temporary folder.
    static func picture(_ folder: TemporaryDirectory, orientation: Int = 1, format: Transformation.Format = .jpg) throws -> String {
        let path = folder.child("picture-\(orientation).\(format.rawValue)")
        try SamplePictures.twoHalves(width: 400, height: 300, top: red, bottom: blue, format: format, orientation: orientation)
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    static func render(_ path: String, _ text: String, accepts: Set<Transformation.Format> = []) throws -> RenderedImage {
        try ImageRenderer.render(file: path, transformation: try Transformation.parse(text), accepts: accepts)
    }

    static func isRed(_ pixel: [Double]) -> Bool { pixel.count >= 3 && pixel[0] > 200 && pixel[1] < 60 && pixel[2] < 60 }
    static func isBlue(_ pixel: [Double]) -> Bool { pixel.count >= 3 && pixel[0] < 60 && pixel[1] < 60 && pixel[2] > 200 }

    @Test(
        "crop and resize modes give the sizes Cloudinary's do",
        arguments: [
            ("c_fill,w_100,h_100", 100, 100), ("c_fit,w_200,h_200", 200, 150), ("c_limit,w_1000", 400, 300), ("c_limit,w_200,h_200", 200, 150),
            ("c_scale,w_100,h_100", 100, 100), ("w_200", 200, 150), ("h_0.5", 200, 150), ("c_pad,w_500,h_500", 500, 500),
            ("c_crop,w_100,h_50", 100, 50), ("c_lfill,w_800,h_100", 400, 100), ("c_lfill,w_200,h_100", 200, 100),
            ("c_thumb,g_auto,w_64,h_64", 64, 64),
            ("w_100,dpr_2.0", 200, 150), ("w_120,ar_1:1,c_fill", 120, 120), ("a_90", 300, 400), ("a_45", 495, 495), ("bo_5px_solid_black", 410, 310),
            ("c_fill,w_100,h_100/c_scale,w_0.5", 50, 50), ("c_fill,g_south_west,w_50,h_100", 50, 100),
        ])
    func sizes(text: String, width: Int, height: Int) throws {
        let folder = try TemporaryDirectory()
        let result = try Self.render(try Self.picture(folder), text)
        #expect(abs(result.width - width) <= 1 && abs(result.height - height) <= 1, "\(text): \(result.width)x\(result.height)")
        #expect(result.format == .jpg)
        #expect(result.data.starts(with: [0xFF, 0xD8, 0xFF]))
    }

    @Test("gravity keeps the side it names, and grayscale is gray")
    func pixels() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.picture(folder)
        let north = try Self.render(path, "c_crop,g_north,w_400,h_100")
        #expect(Self.isRed(try SamplePictures.pixel(of: north.data, x: 200, y: 90)))
        let south = try Self.render(path, "c_fill,g_south,w_100,h_30")
        #expect(Self.isBlue(try SamplePictures.pixel(of: south.data, x: 50, y: 2)))
        let placed = try Self.render(path, "c_crop,w_10,h_10,x_0,y_290")
        #expect(Self.isBlue(try SamplePictures.pixel(of: placed.data, x: 5, y: 5)))
        let gray = try SamplePictures.pixel(of: try Self.render(path, "e_grayscale").data, x: 10, y: 10)
        #expect(gray.count == 1 || (abs(gray[0] - gray[1]) < 3 && abs(gray[1] - gray[2]) < 3), "\(gray)")
        let padded = try Self.render(path, "c_pad,w_400,h_500,b_black")
        #expect(try SamplePictures.pixel(of: padded.data, x: 200, y: 5).allSatisfy { $0 < 30 })
        #expect(Self.isRed(try SamplePictures.pixel(of: padded.data, x: 200, y: 150)))
        let bordered = try Self.render(path, "bo_5px_solid_rgb:00ff00")
        let border = try SamplePictures.pixel(of: bordered.data, x: 1, y: 1)
        #expect(border[1] > 200 && border[0] < 60, "\(border)")
        let flipped = try Self.render(path, "a_vflip")
        #expect(Self.isBlue(try SamplePictures.pixel(of: flipped.data, x: 5, y: 5)))
    }

    @Test("a picture whose EXIF says it is turned is derived upright")
    func exifOrientation() throws {
        let folder = try TemporaryDirectory()
        // Orientation 6: shown turned a quarter clockwise, so the stored top (red) is on the right.
        let path = try Self.picture(folder, orientation: 6)
        let facts = try ImageInspector.inspect(path)
        #expect(facts.orientation == 6 && facts.uprightWidth == 300 && facts.uprightHeight == 400)
        for text in ["", "a_exif", "c_fit,w_150,h_200"] {
            let result = try Self.render(path, text)
            #expect(result.width * 4 == result.height * 3, "\(text): \(result.width)x\(result.height)")
            #expect(Self.isRed(try SamplePictures.pixel(of: result.data, x: result.width - 5, y: result.height / 2)), "\(text)")
            #expect(Self.isBlue(try SamplePictures.pixel(of: result.data, x: 5, y: result.height / 2)), "\(text)")
        }
    }

    @Test("formats: f_ names the output, f_auto follows what is accepted, quality changes the size")
    func formats() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.picture(folder)
        #expect(try Self.render(path, "f_png").data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let webp = try Self.render(path, "w_100/f_webp")
        #expect(webp.format == .webp && webp.data.count > 12 && Array(webp.data[8..<12]) == Array("WEBP".utf8))
        #expect(try Self.render(path, "f_gif").data.starts(with: Array("GIF8".utf8)))
        #expect(try Self.render(path, "f_auto", accepts: [.webp]).format == .webp)
        #expect(try Self.render(path, "f_auto").format == .jpg)
        let png = try Self.picture(folder, format: .png)
        #expect(try Self.render(png, "w_50").format == .png)
        #expect(try ImageRenderer.render(file: png, transformation: Transformation(), format: .webp).format == .webp)
        let low = try Self.render(path, "q_10").data.count
        let high = try Self.render(path, "q_100").data.count
        #expect(low < high)
        let progressive = try Self.render(path, "fl_progressive").data
        // A progressive JPEG has a progressive frame header (SOF2).
        #expect(progressive.indices.dropLast().contains { progressive[$0] == 0xFF && progressive[$0 + 1] == 0xC2 })
        if ImageRenderer.writableFormats.contains(.avif) {
            let avif = try Self.render(path, "w_64/f_avif")
            #expect(avif.format == .avif && Array(avif.data[4..<8]) == Array("ftyp".utf8))
        }
    }

    @Test("colours mean the same on CMYK and 16-bit images: a red border is red")
    func otherColourSpaces() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.picture(folder)
        for (name, space) in [("cmyk.jpg", "cmyk"), ("deep.png", "rgb16"), ("grey.png", "grey16")] {
            let converted = folder.child(name)
            let made = try ProcessRunner.run("/usr/bin/env", ["vips", "colourspace", path, converted, space])
            #expect(made.status == 0, "\(made.stderr)")
            for text in ["bo_6px_solid_red", "a_45,b_red", "c_pad,w_500,h_300,b_red"] {
                let result = try ImageRenderer.render(file: converted, transformation: try Transformation.parse(text), format: .png)
                let corner = try SamplePictures.pixel(of: result.data, x: 1, y: 1)
                if space == "grey16" {
                    #expect(corner.count == 1 && abs(corner[0] - 76) < 3, "\(name) \(text): \(corner)")
                } else {
                    #expect(Self.isRed(corner), "\(name) \(text): \(corner)")
                }
            }
        }
    }

    @Test("files libvips cannot read, cut short, or too large are refused with one line")
    func refusals() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.picture(folder)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = folder.child("cut.jpg")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        #expect(try ImageInspector.inspect(cut).width == 400, "the header is intact")
        #expect { try ImageInspector.inspect(cut, verify: true) } throws: { error in
            guard case .cannotOpen(let shown, _) = error as? ImagingError else { return false }
            return shown == cut && !"\(error)".contains("\n")
        }
        // A JPEG whose frame header claims more rows than its data holds: libjpeg only warns, and that refuses it.
        var lying = [UInt8](bytes)
        let frame = try #require(lying.indices.dropLast(8).first { lying[$0] == 0xFF && lying[$0 + 1] == 0xC0 })
        lying[frame + 5] = 0x07
        lying[frame + 6] = 0xD0
        let liar = folder.child("liar.jpg")
        try Data(lying).write(to: URL(fileURLWithPath: liar))
        #expect(try ImageInspector.inspect(liar).height == 2000)
        #expect(throws: ImagingError.self) { try ImageInspector.inspect(liar, verify: true) }
        let text = folder.child("notes.jpg")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        #expect { try ImageInspector.inspect(text) } throws: { ($0 as? ImagingError).map { "\($0)".contains("not a readable image") } ?? false }
        #expect { try ImageRenderer.render(file: path, transformation: Transformation(), pixelLimit: 10_000) } throws: {
            guard case .tooLarge(_, 400, 300, 10_000)? = $0 as? ImagingError else { return false }
            return true
        }
        #expect { try Self.render(path, "c_scale,w_16000,h_16000") } throws: {
            guard case .tooLarge(_, 16000, 16000, _)? = $0 as? ImagingError else { return false }
            return true
        }
        // A PNG whose header claims 4294967295 x 4294967295 pixels: refused before anything is decoded.
        var bomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bomb += [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        let bombPath = folder.child("bomb.png")
        try Data(bomb).write(to: URL(fileURLWithPath: bombPath))
        #expect(throws: ImagingError.self) { try ImageInspector.inspect(bombPath, verify: true) }
    }
}
