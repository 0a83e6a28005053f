import Foundation

// sluice-merge-benchmark: Sluice's document-by-document tree merge next to `git merge-tree --write-tree` on a
// generated repository of many flows edited on two branches. See docs/benchmarks.md.

/// Prints `message` on standard error and exits with `code`.
func exitWithError(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("sluice-merge-benchmark: error: \(message)\n".utf8))
    exit(code)
}

let options: BenchmarkOptions
do {
    guard let parsed = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
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
