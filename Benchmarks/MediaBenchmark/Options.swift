import BenchmarkSupport
import Foundation

struct MediaBenchmarkOptions {
    var sluice = ""
    var images = 200
    var width = 4000
    var height = 3000
    var repeats = 1
    var imageFolder: String?
    var json = false
    /// Set in the child process that draws the images (so their memory is not the measuring process's).
    var generateInto: String?

    /// The options, or nil when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> MediaBenchmarkOptions? {
        var options = MediaBenchmarkOptions()
        var scanner = OptionScanner(arguments)
        while let name = try scanner.next() {
            switch name {
            case "--sluice": options.sluice = try scanner.value()
            case "--images": options.images = try scanner.positiveInteger()
            case "--width": options.width = try scanner.positiveInteger()
            case "--height": options.height = try scanner.positiveInteger()
            case "--repeat": options.repeats = try scanner.positiveInteger()
            case "--image-folder": options.imageFolder = try scanner.value()
            case "--generate-into": options.generateInto = try scanner.value()
            case "--json": options.json = true
            case "-h", "--help": return nil
            default: throw scanner.unknownArgument()
            }
        }
        if options.generateInto == nil, options.sluice.isEmpty { throw UsageError("--sluice PATH is required") }
        return options
    }
}
