import CVips
import Foundation
import SluiceDocuments

extension ImageRenderer {
    /// The image as the components change it. Until an operation needs decoded pixels it is still the file, so the
    /// first resize can shrink while loading.
    struct Pipeline {
        let path: String
        let shown: String
        let facts: ImageFacts
        let pixelLimit: Int
        private var current: VipsImageRef?
        /// The last `b_` given: padding, rotation corners and flattening use it.
        private(set) var lastBackground: Transformation.Color?

        init(path: String, shown: String, facts: ImageFacts, pixelLimit: Int) {
            self.path = path
            self.shown = shown
            self.facts = facts
            self.pixelLimit = pixelLimit
        }

        /// The largest value libvips takes for a side it should not constrain.
        private static let unbounded: Int32 = 10_000_000

        var size: (width: Int, height: Int) {
            current.map { ($0.width, $0.height) } ?? (facts.uprightWidth, facts.uprightHeight)
        }

        private var hasAlpha: Bool { current?.hasAlpha ?? facts.hasAlpha }

        /// The decoded image, upright.
        mutating func image() throws(ImagingError) -> VipsImageRef {
            if let current { return current }
            guard let opened = sluice_vips_open(path, 0, 1) else { throw .cannotOpen(path: shown, reason: Vips.takeError()) }
            let upright = try ImageRenderer.normalized(try VipsImageRef(opened).apply("autorot") { sluice_vips_autorot($0, $1) })
            current = upright
            return upright
        }

        mutating func apply(_ component: Transformation.Component) throws(ImagingError) {
            if component.width != nil || component.height != nil { try resize(component) }
            if let background = component.background {
                lastBackground = background
                if hasAlpha, background.alpha == 255 { current = try ImageRenderer.flatten(try image(), onto: background) }
            }
            switch component.effect {
            case .grayscale?: current = try image().apply("grayscale") { sluice_vips_colourspace($0, $1, VIPS_INTERPRETATION_B_W) }
            case .blur(let strength)?: current = try image().apply("blur") { sluice_vips_gaussblur($0, $1, Double(strength) / 25) }
            case .sharpen(let strength)?: current = try image().apply("sharpen") { sluice_vips_sharpen($0, $1, Double(strength) / 100) }
            case nil: break
            }
            for angle in component.angles { try rotate(angle) }
            if let border = component.border {
                let (width, height) = size
                try checkLimit(width + 2 * border.width, height + 2 * border.width)
                let image = try image()
                let color = border.color.values(bands: image.bands)
                current = try image.apply("border") {
                    sluice_vips_embed(
                        $0, $1, Int32(border.width), Int32(border.width), Int32(width + 2 * border.width), Int32(height + 2 * border.width), color,
                        Int32(color.count))
                }
            }
        }

        private func checkLimit(_ width: Int, _ height: Int) throws(ImagingError) {
            let pixels = width.multipliedReportingOverflow(by: height)
            guard !pixels.overflow, pixels.partialValue <= pixelLimit else {
                throw .tooLarge(what: "the result for \(shown)", width: width, height: height, limit: pixelLimit)
            }
        }

        private mutating func resize(_ component: Transformation.Component) throws(ImagingError) {
            let (width, height) = size
            var wanted = (width: component.width?.pixels(of: width), height: component.height?.pixels(of: height))
            if let ratio = component.aspectRatio?.value {
                if let across = wanted.width {
                    wanted.height = max(1, Int((Double(across) / ratio).rounded()))
                } else if let down = wanted.height {
                    wanted.width = max(1, Int((Double(down) * ratio).rounded()))
                }
            }
            if let dpr = component.dpr {
                wanted.width = wanted.width.map { max(1, Int((Double($0) * dpr).rounded())) }
                wanted.height = wanted.height.map { max(1, Int((Double($0) * dpr).rounded())) }
            }
            // A side libvips cannot even be asked for (an aspect ratio of 1000 on a large height) is refused here, with
            // the size, whatever the mode.
            if let side = [wanted.width, wanted.height].compactMap({ $0 }).max(), side > Transformation.maximumSide * 5 {
                throw .tooLarge(what: "the result for \(shown)", width: wanted.width ?? width, height: wanted.height ?? height, limit: pixelLimit)
            }
            let mode = component.crop ?? .scale
            // One side given: the other follows the aspect ratio, whatever the mode that needs two.
            guard let across = wanted.width, let down = wanted.height else {
                let scale = wanted.width.map { Double($0) / Double(width) } ?? Double(wanted.height ?? height) / Double(height)
                if mode == .limit || mode == .lfill, scale >= 1 { return }
                if mode == .crop {
                    try crop(to: wanted.width ?? width, wanted.height ?? height, component)
                    return
                }
                try checkLimit(Int((Double(width) * scale).rounded()), Int((Double(height) * scale).rounded()))
                try thumbnail(
                    wanted.width.map(Int32.init) ?? Self.unbounded, wanted.height.map(Int32.init) ?? Self.unbounded, VIPS_INTERESTING_NONE,
                    VIPS_SIZE_BOTH)
                return
            }
            if mode != .crop && mode != .limit && mode != .lfill { try checkLimit(across, down) }
            switch mode {
            case .scale: try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_NONE, VIPS_SIZE_FORCE)
            case .fit: try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_NONE, VIPS_SIZE_BOTH)
            case .limit: try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_NONE, VIPS_SIZE_DOWN)
            case .fill, .thumb: try fill(across, down, component.gravity)
            case .lfill:
                if max(Double(across) / Double(width), Double(down) / Double(height)) < 1 {
                    try fill(across, down, component.gravity)
                } else {
                    try crop(to: min(across, width), min(down, height), component)
                }
            case .pad:
                try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_NONE, VIPS_SIZE_BOTH)
                let image = try image()
                let anchor = component.gravity?.anchor ?? (0.5, 0.5)
                let color =
                    (component.background ?? lastBackground ?? (image.hasAlpha ? Transformation.Color(red: 0, green: 0, blue: 0, alpha: 0) : .white))
                    .values(bands: image.bands)
                let left = Int32((Double(across - image.width) * anchor.x).rounded())
                let top = Int32((Double(down - image.height) * anchor.y).rounded())
                current = try image.apply("pad") { sluice_vips_embed($0, $1, left, top, Int32(across), Int32(down), color, Int32(color.count)) }
            case .crop: try crop(to: across, down, component)
            }
        }

        /// Covers `across` x `down` and crops the rest away, by gravity.
        private mutating func fill(_ across: Int, _ down: Int, _ gravity: Transformation.Gravity?) throws(ImagingError) {
            switch gravity {
            case nil, .center?: try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_CENTRE, VIPS_SIZE_BOTH)
            case .auto?: try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_ATTENTION, VIPS_SIZE_BOTH)
            case .autoEntropy?: try thumbnail(Int32(across), Int32(down), VIPS_INTERESTING_ENTROPY, VIPS_SIZE_BOTH)
            case let compass?:
                let (width, height) = size
                let scale = max(Double(across) / Double(width), Double(down) / Double(height))
                let coverWidth = max(across, Int((Double(width) * scale).rounded(.up)))
                let coverHeight = max(down, Int((Double(height) * scale).rounded(.up)))
                try thumbnail(Int32(coverWidth), Int32(coverHeight), VIPS_INTERESTING_NONE, VIPS_SIZE_FORCE)
                try cut(across, down, anchor: compass.anchor ?? (0.5, 0.5), x: nil, y: nil)
            }
        }

        /// Cuts a region out without scaling, by gravity or at `x_`, `y_`.
        private mutating func crop(to across: Int, _ down: Int, _ component: Transformation.Component) throws(ImagingError) {
            let (width, height) = size
            let (regionWidth, regionHeight) = (min(across, width), min(down, height))
            switch component.gravity {
            case .auto?, .autoEntropy?:
                let interesting = component.gravity == .auto ? VIPS_INTERESTING_ATTENTION : VIPS_INTERESTING_ENTROPY
                current = try image().apply("smart crop") { sluice_vips_smartcrop($0, $1, Int32(regionWidth), Int32(regionHeight), interesting) }
            default:
                try cut(regionWidth, regionHeight, anchor: component.gravity?.anchor ?? (0.5, 0.5), x: component.x, y: component.y)
            }
        }

        private mutating func cut(_ across: Int, _ down: Int, anchor: (x: Double, y: Double), x: Int?, y: Int?) throws(ImagingError) {
            let image = try image()
            let (regionWidth, regionHeight) = (min(across, image.width), min(down, image.height))
            let left = min(x ?? Int((Double(image.width - regionWidth) * anchor.x).rounded()), image.width - regionWidth)
            let top = min(y ?? Int((Double(image.height - regionHeight) * anchor.y).rounded()), image.height - regionHeight)
            guard (left, top, regionWidth, regionHeight) != (0, 0, image.width, image.height) else { return }
            current = try image.apply("crop") { sluice_vips_crop($0, $1, Int32(left), Int32(top), Int32(regionWidth), Int32(regionHeight)) }
        }

        /// Resizes with libvips' thumbnail: from the file (shrinking on load) when nothing has decoded it yet.
        private mutating func thumbnail(_ width: Int32, _ height: Int32, _ crop: VipsInteresting, _ size: VipsSize) throws(ImagingError) {
            var out: UnsafeMutablePointer<VipsImage>?
            let status =
                current.map { sluice_vips_thumbnail_image($0.pointer, &out, width, height, crop, size) }
                ?? sluice_vips_thumbnail_file(path, &out, width, height, crop, size, 0)
            guard status == 0, let out else {
                throw current == nil ? .cannotOpen(path: shown, reason: Vips.takeError()) : .failed(operation: "resize", reason: Vips.takeError())
            }
            current = try ImageRenderer.normalized(VipsImageRef(out))
        }

        private mutating func rotate(_ angle: Transformation.Angle) throws(ImagingError) {
            switch angle {
            case .exif: return  // every derivation is upright already
            case .horizontalFlip: current = try image().apply("flip") { sluice_vips_flip($0, $1, VIPS_DIRECTION_HORIZONTAL) }
            case .verticalFlip: current = try image().apply("flip") { sluice_vips_flip($0, $1, VIPS_DIRECTION_VERTICAL) }
            case .degrees(let degrees):
                let turn = (Int(degrees) % 360 + 360) % 360
                let image = try image()
                switch turn {
                case 0: return
                case 90: current = try image.apply("rotate") { sluice_vips_rot($0, $1, VIPS_ANGLE_D90) }
                case 180: current = try image.apply("rotate") { sluice_vips_rot($0, $1, VIPS_ANGLE_D180) }
                case 270: current = try image.apply("rotate") { sluice_vips_rot($0, $1, VIPS_ANGLE_D270) }
                default:
                    let side = Int(Double(image.width + image.height) * 1.0)
                    try checkLimit(side, side)
                    let background = lastBackground ?? (image.hasAlpha ? Transformation.Color(red: 0, green: 0, blue: 0, alpha: 0) : .white)
                    let color = background.values(bands: image.bands)
                    current = try image.apply("rotate") { sluice_vips_rotate($0, $1, Double(turn), color, Int32(color.count)) }
                }
            }
        }
    }
}
