import Foundation

extension Transformation {
    /// One step: the parameters between two `/`. Each key appears at most once.
    public struct Component: Sendable, Hashable, CustomStringConvertible {
        /// `c_`: how `width` and `height` are reached; scale when sizes are given without one.
        public var crop: CropMode?
        /// `w_`, `h_`.
        public var width: Dimension?
        public var height: Dimension?
        /// `ar_`: width divided by height (`16:9`, `1.5`).
        public var aspectRatio: AspectRatio?
        /// `g_`: which part a crop keeps, or where a pad puts the image.
        public var gravity: Gravity?
        /// `x_`, `y_`: the top left corner of a `c_crop` region, in pixels.
        public var x: Int?
        public var y: Int?
        /// `q_`.
        public var quality: Quality?
        /// `f_`.
        public var format: Format?
        /// `a_`: rotations and flips, in the order given (`a_hflip.90`).
        public var angles: [Angle] = []
        /// `e_`.
        public var effect: Effect?
        /// `bo_`.
        public var border: Border?
        /// `b_`: the colour of padding, rotation corners and transparent pixels.
        public var background: Color?
        /// `dpr_`: multiplies pixel sizes.
        public var dpr: Double?
        /// `fl_progressive`.
        public var progressive = false
        /// `t_`: a named transformation (alone in its component).
        public var named: String?

        public init() {}

        public var isEmpty: Bool { parameters.isEmpty }

        /// The component's parameters in canonical (key) order.
        var parameters: [(key: String, value: String)] {
            var list: [(String, String)] = []
            if !angles.isEmpty { list.append(("a", angles.map(\.description).joined(separator: "."))) }
            if let aspectRatio { list.append(("ar", aspectRatio.description)) }
            if let background { list.append(("b", background.description)) }
            if let border { list.append(("bo", border.description)) }
            if let crop { list.append(("c", crop.rawValue)) }
            if let dpr { list.append(("dpr", Self.number(dpr, decimal: true))) }
            if let effect { list.append(("e", effect.description)) }
            if let format { list.append(("f", format.rawValue)) }
            if progressive { list.append(("fl", "progressive")) }
            if let gravity { list.append(("g", gravity.rawValue)) }
            if let height { list.append(("h", height.description)) }
            if let quality { list.append(("q", quality.description)) }
            if let named { list.append(("t", named)) }
            if let width { list.append(("w", width.description)) }
            if let x { list.append(("x", String(x))) }
            if let y { list.append(("y", String(y))) }
            return list
        }

        public var description: String { parameters.map { "\($0.key)_\($0.value)" }.joined(separator: ",") }

        /// A number as the canonical text writes it: no trailing zeros; `decimal` keeps one (`dpr_2.0`). Exact for
        /// every number the parser takes (at most 12 characters, so at most 10 decimals): two texts with the same
        /// canonical form ask for the same thing.
        static func number(_ value: Double, decimal: Bool = false) -> String {
            if value == value.rounded(), abs(value) < 1e9 {
                return decimal ? String(format: "%.1f", value) : String(Int(value))
            }
            var text = String(format: "%.10f", value)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        }
    }

    /// How a component reaches its width and height.
    public enum CropMode: String, Sendable, Hashable, CaseIterable {
        /// Exactly the size given; the aspect ratio changes when both sides are given.
        case scale
        /// The largest size that fits inside, aspect kept (may enlarge).
        case fit
        /// As `fit`, but never enlarges.
        case limit
        /// Covers the size, aspect kept, then crops what spills over (by gravity).
        case fill
        /// As `fill`, but never enlarges.
        case lfill
        /// Fits inside, then pads to the size with the background (placed by gravity).
        case pad
        /// Cuts a region of the size out of the image, without scaling (by gravity, or at `x`, `y`).
        case crop
        /// A thumbnail: as `fill` (with `g_auto`, the most interesting part).
        case thumb
    }

    /// `ar_`: `16:9` (kept as a ratio) or a decimal.
    public struct AspectRatio: Sendable, Hashable, CustomStringConvertible {
        /// Width divided by height.
        public var value: Double
        /// The canonical text: `16:9` or `1.5`.
        public var description: String

        init(across: Double, down: Double) {
            value = across / down
            description = Component.number(across) + ":" + Component.number(down)
        }

        init(_ value: Double) {
            self.value = value
            description = Component.number(value)
        }
    }

    /// A width or height: pixels, or a fraction of the current size (`0.5`).
    public enum Dimension: Sendable, Hashable, CustomStringConvertible {
        case pixels(Int)
        case fraction(Double)

        /// The size in pixels for an image whose side is `current`.
        public func pixels(of current: Int) -> Int {
            switch self {
            case .pixels(let value): value
            case .fraction(let fraction): max(1, Int((Double(current) * fraction).rounded()))
            }
        }

        public var description: String {
            switch self {
            case .pixels(let value): String(value)
            case .fraction(let fraction): Component.number(fraction, decimal: true)
            }
        }
    }

    /// Which part a crop keeps or where padding places the image.
    public enum Gravity: String, Sendable, Hashable, CaseIterable {
        case center, north, northEast = "north_east", east, southEast = "south_east", south, southWest = "south_west", west,
            northWest = "north_west"
        /// The most interesting part, by libvips' attention measure (`g_auto`).
        case auto
        /// The part with the most detail, by entropy (`g_auto:entropy`).
        case autoEntropy = "auto:entropy"

        /// Where, from 0 to 1 across and down, the kept region sits; nil for the automatic gravities.
        public var anchor: (x: Double, y: Double)? {
            switch self {
            case .center: (0.5, 0.5)
            case .north: (0.5, 0)
            case .northEast: (1, 0)
            case .east: (1, 0.5)
            case .southEast: (1, 1)
            case .south: (0.5, 1)
            case .southWest: (0, 1)
            case .west: (0, 0.5)
            case .northWest: (0, 0)
            case .auto, .autoEntropy: nil
            }
        }
    }

    /// `q_`: a number from 1 to 100, or automatic.
    public enum Quality: Sendable, Hashable, CustomStringConvertible {
        case value(Int)
        case auto(AutoQuality)

        public enum AutoQuality: String, Sendable, Hashable, CaseIterable {
            case good, best, eco, low
        }

        /// The encoder quality it means.
        public var level: Int {
            switch self {
            case .value(let value): value
            case .auto(.best): 90
            case .auto(.good): 80
            case .auto(.eco): 70
            case .auto(.low): 60
            }
        }

        public var description: String {
            switch self {
            case .value(let value): String(value)
            case .auto(.good): "auto"
            case .auto(let level): "auto:\(level.rawValue)"
            }
        }
    }

    /// `f_`: an output format.
    public enum Format: String, Sendable, Hashable, CaseIterable, Codable {
        case jpg, png, webp, gif, avif
        /// The best format the requester accepts.
        case auto

        /// The format a file extension names (`jpeg` is `jpg`).
        public init?(fileExtension: String) {
            let lowered = fileExtension.lowercased()
            guard let format = Format(rawValue: lowered == "jpeg" || lowered == "jpe" ? "jpg" : lowered), format != .auto else { return nil }
            self = format
        }

        /// The MIME type of files of this format.
        public var mimeType: String {
            switch self {
            case .jpg: "image/jpeg"
            case .png: "image/png"
            case .webp: "image/webp"
            case .gif: "image/gif"
            case .avif: "image/avif"
            case .auto: "application/octet-stream"
            }
        }
    }

    /// One element of `a_`.
    public enum Angle: Sendable, Hashable, CustomStringConvertible {
        /// Degrees clockwise.
        case degrees(Double)
        /// Upright by the EXIF orientation (which every derivation applies anyway).
        case exif
        case horizontalFlip
        case verticalFlip

        public var description: String {
            switch self {
            case .degrees(let value): Component.number(value)
            case .exif: "exif"
            case .horizontalFlip: "hflip"
            case .verticalFlip: "vflip"
            }
        }
    }

    /// `e_`.
    public enum Effect: Sendable, Hashable, CustomStringConvertible {
        case grayscale
        /// Strength 1 to 2000 (default 100).
        case blur(Int)
        /// Strength 1 to 2000 (default 100).
        case sharpen(Int)

        public var description: String {
            switch self {
            case .grayscale: "grayscale"
            case .blur(let strength): strength == 100 ? "blur" : "blur:\(strength)"
            case .sharpen(let strength): strength == 100 ? "sharpen" : "sharpen:\(strength)"
            }
        }
    }

    /// `bo_<width>px_solid_<color>`.
    public struct Border: Sendable, Hashable, CustomStringConvertible {
        public var width: Int
        public var color: Color

        public init(width: Int, color: Color) {
            self.width = width
            self.color = color
        }

        public var description: String { "\(width)px_solid_\(color)" }
    }

    /// A colour: a name or `rgb:` with 3, 6 or 8 hex digits (the last two are alpha).
    public struct Color: Sendable, Hashable, CustomStringConvertible {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8
        public var alpha: UInt8

        public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
            self.red = red
            self.green = green
            self.blue = blue
            self.alpha = alpha
        }

        public static let white = Color(red: 255, green: 255, blue: 255)
        public static let black = Color(red: 0, green: 0, blue: 0)

        static let names: [String: Color] = [
            "black": .black, "white": .white, "red": Color(red: 255, green: 0, blue: 0), "green": Color(red: 0, green: 128, blue: 0),
            "blue": Color(red: 0, green: 0, blue: 255), "yellow": Color(red: 255, green: 255, blue: 0),
            "orange": Color(red: 255, green: 165, blue: 0), "purple": Color(red: 128, green: 0, blue: 128),
            "gray": Color(red: 128, green: 128, blue: 128), "grey": Color(red: 128, green: 128, blue: 128),
            "transparent": Color(red: 0, green: 0, blue: 0, alpha: 0),
        ]

        /// A colour from its text; nil when it is none.
        public init?(_ text: String) {
            let lowered = text.lowercased()
            if let named = Self.names[lowered] {
                self = named
                return
            }
            guard lowered.hasPrefix("rgb:") else { return nil }
            var digits = String(lowered.dropFirst(4))
            guard [3, 6, 8].contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
            if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
            let bytes = stride(from: 0, to: digits.count, by: 2).map { offset -> UInt8 in
                let start = digits.index(digits.startIndex, offsetBy: offset)
                return UInt8(digits[start..<digits.index(start, offsetBy: 2)], radix: 16) ?? 0
            }
            self.init(red: bytes[0], green: bytes[1], blue: bytes[2], alpha: bytes.count == 4 ? bytes[3] : 255)
        }

        public var description: String {
            if let name = Self.names.filter({ $0.value == self && $0.key != "grey" }).keys.first { return name }
            let hex = String(format: "%02x%02x%02x", red, green, blue)
            return alpha == 255 ? "rgb:\(hex)" : "rgb:\(hex)" + String(format: "%02x", alpha)
        }
    }
}
