import Foundation

// sluice-benchmark: times `sluice flows list` and `sluice validate` on a generated workspace of
// many flows, next to `git status` on the same repository. See docs/benchmarks.md.

/// Prints `message` on standard error and exits with `code`.
func exitWithError(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("sluice-benchmark: error: \(message)\n".utf8))
    exit(code)
}

let options: BenchmarkOptions
do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let parsed = try BenchmarkOptions.parse(arguments, defaultSluicePath: BenchmarkOptions.sluiceNextToExecutable()) else {
        print(BenchmarkOptions.usage)
        exit(0)
    }
    options = parsed
} catch {
    exitWithError("\(error)\n\(BenchmarkOptions.usage)", code: 2)
}

do {
    let report = try Benchmark(options: options).run()
    print(options.json ? try report.json() : report.table())
} catch {
    exitWithError("\(error)", code: 1)
}
