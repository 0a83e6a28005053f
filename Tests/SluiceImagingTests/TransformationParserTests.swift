import SluiceDocuments
import Testing

@Suite("Transformation syntax")
struct TransformationParserTests {
    @Test("parses Cloudinary's parameters into components, written back canonically")
    func canonical() throws {
        let parsed = try Transformation.parse(
            "w_400,c_fill,h_300,g_north_east/e_grayscale/q_auto,f_jpeg,fl_progressive/a_hflip.90,bo_2px_solid_rgb:F00")
        #expect(parsed.components.count == 4)
        #expect(parsed.components[0].crop == .fill)
        #expect(parsed.components[0].width == .pixels(400))
        #expect(parsed.components[0].gravity == .northEast)
        #expect(parsed.components[1].effect == .grayscale)
        #expect(parsed.components[2].format == .jpg)
        #expect(parsed.components[2].quality == .auto(.good))
        #expect(parsed.components[3].angles == [.horizontalFlip, .degrees(90)])
        #expect(parsed.components[3].border == Transformation.Border(width: 2, color: Transformation.Color(red: 255, green: 0, blue: 0)))
        #expect(parsed.description == "c_fill,g_north_east,h_300,w_400/e_grayscale/f_jpg,fl_progressive,q_auto/a_hflip.90,bo_2px_solid_red")
        #expect(try Transformation.parse(parsed.description) == parsed)
        #expect(try Transformation.parse("w_0.50,dpr_2,ar_16:9,c_fill").description == "ar_16:9,c_fill,dpr_2.0,w_0.5")
        // Canonical text is exact: different requests never share a derivation.
        #expect(try Transformation.parse("ar_0.3333,w_30").description != Transformation.parse("ar_1:3,w_30").description)
        #expect(try Transformation.parse("ar_0.33333,w_30").description == "ar_0.33333,w_30")
        #expect(try Transformation.parse("ar_1.50:1.0,w_30").description == "ar_1.5:1,w_30")
        #expect(try Transformation.parse("").isEmpty)
        #expect(try Transformation.parse("e_blur:300,b_rgb:00000080").description == "b_rgb:00000080,e_blur:300")
    }

    @Test(
        "a bad parameter is refused with its position and what is wrong",
        arguments: [
            ("w_abc", 1, "width must be whole pixels"),
            ("c_fill,w_400,h_0", 14, "height must be whole pixels"),
            ("w_400/c_stretch,w_2", 7, "unknown crop mode"),
            ("w_1,w_2", 5, "w_ is given twice"),
            ("w_400//h_300", 7, "an empty component"),
            ("w_400/", 6, "an empty component"),
            ("w_400,", 7, "an empty parameter"),
            ("z_1", 1, "unknown parameter z_"),
            ("c_fill", 1, "c_fill needs w_ or h_"),
            ("g_north,w_10", 1, "gravity applies to"),
            ("w_10,c_scale,x_4", 14, "x_ and y_ place a c_crop region"),
            ("q_101", 1, "quality must be"),
            ("f_bmp", 1, "unknown format"),
            ("a_45.x", 1, "angle must be"),
            ("e_blur:0", 1, "strength must be"),
            ("e_grayscale:5", 1, "grayscale takes no strength"),
            ("bo_4px_dashed_black", 1, "border must be"),
            ("b_rgb:12345", 1, "background must be"),
            ("dpr_9", 1, "device pixel ratio"),
            ("fl_lossy", 1, "unknown flag"),
            ("g_face,c_fill,w_1", 1, "face and subject detection"),
            ("w_10,h_10,ar_1.5", 11, "give an aspect ratio with one of"),
            ("t_base,w_10", 1, "stands alone"),
            ("t_../x", 1, "named transformation's name"),
            ("w_100000", 1, "width must be"),
            ("w_", 1, "has no value"),
            ("_1", 1, "expected key_value"),
        ])
    func errors(text: String, position: Int, reason: String) {
        #expect {
            try Transformation.parse(text)
        } throws: { error in
            guard let error = error as? TransformationError else { return false }
            return error.position == position && error.reason.contains(reason) && !error.description.contains("\n")
        }
    }

    @Test("hostile text stays on one line in the error, and long text is refused before parsing")
    func hostile() {
        #expect(throws: TransformationError.self) { try Transformation.parse("w_1\u{1B}[2J\n") }
        do {
            _ = try Transformation.parse("c_\u{202E}evil\n")
            Issue.record("parsed")
        } catch {
            #expect(!error.description.contains("\n") && !error.description.contains("\u{202E}"))
        }
        #expect { try Transformation.parse(String(repeating: "w_1/", count: 600)) } throws: { ($0 as? TransformationError)?.position == 0 }
        #expect { try Transformation.parse(Array(repeating: "w_1", count: 40).joined(separator: "/")) } throws: {
            ($0 as? TransformationError)?.reason.contains("more than 32 components") == true
        }
    }

    @Test("named transformations expand, and unknown names and cycles are refused")
    func named() throws {
        let library = [
            "thumb": try Transformation.parse("c_fill,w_100,h_100"), "gray-thumb": try Transformation.parse("t_thumb/e_grayscale"),
            "loop": try Transformation.parse("t_loop2"), "loop2": try Transformation.parse("t_loop"),
        ]
        let expanded = try Transformation.parse("t_gray-thumb/f_webp").expanded { library[$0] }
        #expect(expanded.description == "c_fill,h_100,w_100/e_grayscale/f_webp")
        #expect { try Transformation.parse("t_missing").expanded { library[$0] } } throws: {
            ($0 as? TransformationError)?.reason.contains("no named transformation \"missing\"") == true
        }
        #expect { try Transformation.parse("t_loop").expanded { library[$0] } } throws: {
            ($0 as? TransformationError)?.reason.contains("cycle: loop → loop2 → loop") == true
        }
    }
}
