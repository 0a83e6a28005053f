import BenchmarkSupport
import Foundation

// sluice-media-benchmark: fill thumbnails of large JPEGs through a Sluice flow with Edit Media, next to libvips'
// own vipsthumbnail on the same files in the same run, both using every core. See docs/benchmarks.md.

let tool = CommandLineTool(name: "sluice-media-benchmark")
let usage = """
    usage: sluice-media-benchmark --sluice PATH [--images N] [--width W] [--height H] [--repeat R] [--image-folder DIR] [--json]

    Generates N photograph-like JPEGs of W x H pixels once (default 200 of 4000 x 3000, about 12 megapixels; kept in
    --image-folder, by default under the temporary folder, for later runs), uploads them into a fresh workspace, and
    times `sluice run` of a flow whose Edit Media block makes a c_fill,w_400,h_300 thumbnail of each (runs in parallel,
    one per core) next to vipsthumbnail --size 400x300 --smartcrop centre on the same files (one process per core, the
    files split between them). Reports both times, their ratio, and the peak memory of each process. R repetitions
    (default 1) alternate the two; the medians are reported.
    """

do {
    let options = try MediaBenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
    guard let options else {
        print(usage)
        exit(0)
    }
    if let folder = options.generateInto {
        try ImageSet.generate(into: folder, count: options.images, width: options.width, height: options.height)
        exit(0)
    }
    let report = try MediaBenchmark(options: options, tool: tool).run()
    print(options.json ? try report.json() : report.table())
} catch let error as UsageError {
    tool.exitWithError("\(error)\n\(usage)", code: 2)
} catch {
    tool.exitWithError("\(error)", code: 1)
}
