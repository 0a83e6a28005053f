import BenchmarkSupport
import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

// sluice-runner-benchmark: uploads through a four-block metadata flow next to the same catalog changes made directly,
// the peak memory across many assets, and the cost of persisting a block's state. See docs/benchmarks.md.

let tool = CommandLineTool(name: "sluice-runner-benchmark")
let usage = """
    usage: sluice-runner-benchmark [--assets N] [--memory-assets M] [--json]

    Uploads N distinct files (default 10000) twice into fresh media libraries: once running a four-block
    metadata flow on each through the runner (tags, structured metadata, contextual metadata, delivery URL;
    every block persisted), once making the same catalog changes directly. Then runs the flow on M more
    assets (default 100000) and reports the process's peak memory, and times persisting 10,000 block states.
    """

var assets = 10_000
var memoryAssets = 100_000
var json = false
do {
    var scanner = OptionScanner(Array(CommandLine.arguments.dropFirst()))
    while let name = try scanner.next() {
        switch name {
        case "--assets": assets = try scanner.positiveInteger()
        case "--memory-assets": memoryAssets = try scanner.positiveInteger()
        case "--json": json = true
        case "-h", "--help":
            print(usage)
            exit(0)
        default: throw scanner.unknownArgument()
        }
    }
} catch {
    tool.exitWithError("\(error)\n\(usage)", code: 2)
}

let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-runner-benchmark-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(atPath: folder) }

do {
    let report = try await RunnerBenchmark(folder: folder, assets: assets, memoryAssets: memoryAssets).run()
    print(json ? try report.json() : report.table())
} catch {
    tool.exitWithError("\(error)", code: 1)
}
