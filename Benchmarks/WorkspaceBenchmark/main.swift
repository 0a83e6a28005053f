import BenchmarkSupport

// sluice-benchmark: times `sluice flows list` and `sluice validate` on a generated workspace of
// many flows, next to `git status` on the same repository. See docs/benchmarks.md.

tool.main(usage: BenchmarkOptions.usage) { arguments throws(UsageError) in
    try BenchmarkOptions.parse(arguments, defaultSluicePath: BenchmarkOptions.sluiceNextToExecutable())
} run: { options in
    let report = try Benchmark(options: options).run()
    return options.json ? try report.json() : report.table()
}
