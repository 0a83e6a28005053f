import BenchmarkSupport
import Foundation
import SluiceImaging

/// The benchmark's input: photograph-like JPEGs, drawn once and kept.
enum ImageSet {
    static func name(_ index: Int) -> String { String(format: "photo-%04d.jpg", index) }

    /// The images of `folder`, when it holds all `count` of them.
    static func complete(_ folder: String, count: Int) -> [String]? {
        let paths = (0..<count).map { folder + "/" + name($0) }
        return paths.allSatisfy { FileManager.default.fileExists(atPath: $0) } ? paths : nil
    }

    /// Draws the missing images into `folder` (each written to a temporary name, then renamed).
    static func generate(into folder: String, count: Int, width: Int, height: Int) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            let path = folder + "/" + name(index)
            if FileManager.default.fileExists(atPath: path) { continue }
            let data = try SamplePictures.photo(width: width, height: height, seed: 1_000 + index)
            try data.write(to: URL(fileURLWithPath: path + ".tmp"))
            guard rename(path + ".tmp", path) == 0 else { throw BenchmarkFailure("cannot write \(path)") }
        }
    }
}
