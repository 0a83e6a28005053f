import Foundation

/// Splits a transformation into components and parameters, keeping where each parameter starts, and checks each.
struct TransformationParser {
    let text: String

    /// One `key_value` and where it starts (from 1).
    private struct Parameter {
        var key: String
        var value: String
        var text: String
        var position: Int

        func fail(_ reason: String) -> TransformationError {
            TransformationError(position: position, parameter: text, reason: reason)
        }
    }

    func parse() throws(TransformationError) -> Transformation {
        let characters = Array(text)
        guard characters.count <= Transformation.maximumLength else {
            throw TransformationError(
                position: 0, parameter: "", reason: "it is \(characters.count) characters long; the limit is \(Transformation.maximumLength)")
        }
        if characters.isEmpty { return Transformation() }
        var components: [Transformation.Component] = []
        var start = 0
        while true {
            let end = characters[start...].firstIndex(of: "/") ?? characters.count
            guard end > start else {
                throw TransformationError(position: start + 1, parameter: "/", reason: "an empty component (two `/` in a row, or one at an end)")
            }
            components.append(try component(characters, from: start, to: end))
            guard components.count <= Transformation.maximumComponents else {
                throw TransformationError(position: start + 1, parameter: "", reason: "more than \(Transformation.maximumComponents) components")
            }
            if end == characters.count { break }
            start = end + 1
            guard start < characters.count else {
                throw TransformationError(position: end + 1, parameter: "/", reason: "an empty component (two `/` in a row, or one at an end)")
            }
        }
        return Transformation(components: components)
    }

    private func component(_ characters: [Character], from start: Int, to end: Int) throws(TransformationError) -> Transformation.Component {
        var component = Transformation.Component()
        var seen: Set<String> = []
        var parameterStart = start
        var firstPosition: [String: Int] = [:]
        while parameterStart <= end {
            let parameterEnd = characters[parameterStart..<end].firstIndex(of: ",") ?? end
            let text = String(characters[parameterStart..<parameterEnd])
            guard let underscore = text.firstIndex(of: "_"), underscore != text.startIndex else {
                throw TransformationError(
                    position: parameterStart + 1, parameter: text,
                    reason: text.isEmpty ? "an empty parameter (two `,` in a row, or one at an end)" : "expected key_value, like w_400")
            }
            let parameter = Parameter(
                key: String(text[..<underscore]), value: String(text[text.index(after: underscore)...]), text: text, position: parameterStart + 1)
            guard !seen.contains(parameter.key) else { throw parameter.fail("\(parameter.key)_ is given twice in this component") }
            seen.insert(parameter.key)
            firstPosition[parameter.key] = parameter.position
            guard !parameter.value.isEmpty else { throw parameter.fail("\(parameter.key)_ has no value") }
            try apply(parameter, to: &component)
            parameterStart = parameterEnd + 1
        }
        try check(component, positions: firstPosition, from: start, to: end, characters)
        return component
    }

    // swiftlint:disable:next cyclomatic_complexity
    private func apply(_ parameter: Parameter, to component: inout Transformation.Component) throws(TransformationError) {
        let value = parameter.value
        switch parameter.key {
        case "c":
            guard let mode = Transformation.CropMode(rawValue: value) else {
                throw parameter.fail(
                    "unknown crop mode; use one of \(Transformation.CropMode.allCases.map { "c_\($0.rawValue)" }.joined(separator: ", "))")
            }
            component.crop = mode
        case "w": component.width = try dimension(parameter, name: "width")
        case "h": component.height = try dimension(parameter, name: "height")
        case "ar":
            let ratio: Transformation.AspectRatio?
            if let colon = value.firstIndex(of: ":") {
                let across = Self.decimal(String(value[..<colon])).flatMap { $0 > 0 ? $0 : nil }
                let down = Self.decimal(String(value[value.index(after: colon)...])).flatMap { $0 > 0 ? $0 : nil }
                ratio = across.flatMap { a in down.map { Transformation.AspectRatio(across: a, down: $0) } }
            } else {
                ratio = Self.decimal(value).map(Transformation.AspectRatio.init)
            }
            guard let ratio, ratio.value.isFinite, ratio.value >= 0.001, ratio.value <= 1000 else {
                throw parameter.fail("aspect ratio must be width:height (16:9) or a decimal (1.5), between 0.001 and 1000")
            }
            component.aspectRatio = ratio
        case "g":
            guard let gravity = Transformation.Gravity(rawValue: value) else {
                if value == "face" || value == "faces" || value.hasPrefix("auto:") {
                    throw parameter.fail("face and subject detection are not available; use g_auto or g_auto:entropy")
                }
                throw parameter.fail(
                    "unknown gravity; use g_center, g_north, g_north_east, g_east, g_south_east, g_south, g_south_west, g_west, g_north_west, g_auto or g_auto:entropy"
                )
            }
            component.gravity = gravity
        case "x", "y":
            guard let offset = Int(value), offset >= 0, offset <= Transformation.maximumSide else {
                throw parameter.fail("\(parameter.key) must be a whole number of pixels from 0 to \(Transformation.maximumSide)")
            }
            if parameter.key == "x" { component.x = offset } else { component.y = offset }
        case "q":
            if let number = Int(value), (1...100).contains(number) {
                component.quality = .value(number)
            } else if value == "auto" {
                component.quality = .auto(.good)
            } else if value.hasPrefix("auto:"), let level = Transformation.Quality.AutoQuality(rawValue: String(value.dropFirst(5))) {
                component.quality = .auto(level)
            } else {
                throw parameter.fail("quality must be a whole number from 1 to 100, q_auto, or q_auto:best, :good, :eco or :low")
            }
        case "f":
            guard let format = value == "auto" ? .auto : Transformation.Format(fileExtension: value) else {
                throw parameter.fail("unknown format; use f_jpg, f_png, f_webp, f_gif, f_avif or f_auto")
            }
            component.format = format
        case "a":
            var angles: [Transformation.Angle] = []
            for part in value.split(separator: ".", omittingEmptySubsequences: false) {
                switch part {
                case "exif", "auto": angles.append(.exif)
                case "hflip": angles.append(.horizontalFlip)
                case "vflip": angles.append(.verticalFlip)
                default:
                    guard let degrees = Int(part), abs(degrees) <= 360 else {
                        throw parameter.fail("angle must be whole degrees from -360 to 360, exif, hflip or vflip (joined with `.`)")
                    }
                    angles.append(.degrees(Double(degrees)))
                }
            }
            component.angles = angles
        case "e":
            component.effect = try effect(parameter)
        case "bo":
            let parts = value.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].hasSuffix("px"), let width = Int(parts[0].dropLast(2)), (1...1000).contains(width), parts[1] == "solid",
                let color = Transformation.Color(String(parts[2]))
            else {
                throw parameter.fail("border must be <width>px_solid_<color>, like bo_4px_solid_black or bo_2px_solid_rgb:ff0000 (width 1 to 1000)")
            }
            component.border = Transformation.Border(width: width, color: color)
        case "b":
            guard let color = Transformation.Color(value) else {
                throw parameter.fail("background must be a colour name (white, black, …) or rgb: with 3, 6 or 8 hex digits")
            }
            component.background = color
        case "dpr":
            guard let ratio = Self.decimal(value), ratio >= 0.1, ratio <= 5 else {
                throw parameter.fail("device pixel ratio must be a decimal from 0.1 to 5.0, like dpr_2.0")
            }
            component.dpr = ratio
        case "fl":
            guard value == "progressive" else { throw parameter.fail("unknown flag; the flag available is fl_progressive") }
            component.progressive = true
        case "t":
            guard value.count <= 100, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw parameter.fail("a named transformation's name is letters, digits, - and _ (at most 100)")
            }
            component.named = value
        default:
            throw parameter.fail(
                "unknown parameter \(parameter.key)_; Sluice knows a_, ar_, b_, bo_, c_, dpr_, e_, f_, fl_, g_, h_, q_, t_, w_, x_ and y_")
        }
    }

    private func dimension(_ parameter: Parameter, name: String) throws(TransformationError) -> Transformation.Dimension {
        if parameter.value.allSatisfy(\.isASCIIDigit), let pixels = Int(parameter.value), (1...Transformation.maximumSide).contains(pixels) {
            return .pixels(pixels)
        }
        if parameter.value.contains("."), let fraction = Self.decimal(parameter.value), fraction > 0, fraction <= 1 {
            return .fraction(fraction)
        }
        throw parameter.fail(
            "\(name) must be whole pixels from 1 to \(Transformation.maximumSide), or a fraction of the current size like 0.5")
    }

    private func effect(_ parameter: Parameter) throws(TransformationError) -> Transformation.Effect {
        let parts = parameter.value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        var strength = 100
        if parts.count == 2 {
            guard parts[0] != "grayscale", let number = Int(parts[1]), (1...2000).contains(number) else {
                throw parameter.fail(
                    parts[0] == "grayscale" ? "grayscale takes no strength" : "effect strength must be a whole number from 1 to 2000")
            }
            strength = number
        }
        switch parts[0] {
        case "grayscale", "greyscale": return .grayscale
        case "blur": return .blur(strength)
        case "sharpen": return .sharpen(strength)
        default: throw parameter.fail("unknown effect; use e_grayscale, e_blur[:strength] or e_sharpen[:strength]")
        }
    }

    /// Rules across the parameters of one component.
    private func check(
        _ component: Transformation.Component, positions: [String: Int], from start: Int, to end: Int, _ characters: [Character]
    ) throws(TransformationError) {
        func fail(_ key: String, _ reason: String) -> TransformationError {
            let position = positions[key] ?? start + 1
            let text = String(characters[(position - 1)..<(characters[(position - 1)..<end].firstIndex(of: ",") ?? end)])
            return TransformationError(position: position, parameter: text, reason: reason)
        }
        if component.named != nil, positions.count > 1 {
            throw fail("t", "a named transformation stands alone in its component: put the other parameters in a component of their own")
        }
        if component.aspectRatio != nil, component.width != nil, component.height != nil {
            throw fail("ar", "give an aspect ratio with one of w_ and h_, not both")
        }
        let sized = component.width != nil || component.height != nil
        if let crop = component.crop, !sized {
            throw fail("c", "c_\(crop.rawValue) needs w_ or h_ (and h_, w_ or ar_ for the other side)")
        }
        if component.aspectRatio != nil, !sized { throw fail("ar", "an aspect ratio needs w_ or h_ to size from") }
        if component.gravity != nil, ![.fill, .lfill, .pad, .crop, .thumb].contains(component.crop) {
            throw fail("g", "gravity applies to c_fill, c_lfill, c_pad, c_crop and c_thumb; add one of them")
        }
        if component.x != nil || component.y != nil, component.crop != .crop {
            throw fail(component.x != nil ? "x" : "y", "x_ and y_ place a c_crop region; add c_crop")
        }
        if component.x != nil || component.y != nil, component.gravity != nil {
            throw fail("g", "give either gravity or x_/y_ for a crop, not both")
        }
    }

    /// A plain decimal (`1.5`, `0.25`, `2`): digits with at most one point, nothing else.
    static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.count <= 12, text.allSatisfy({ $0.isASCIIDigit || $0 == "." }), text.filter({ $0 == "." }).count <= 1,
            text.first != ".", text.last != "."
        else { return nil }
        return Double(text)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
