import BenchmarkSupport

// sluice-merge-benchmark: Sluice's document-by-document tree merge next to `git merge-tree --write-tree` on a
// generated repository of many flows edited on two branches. See docs/benchmarks.md.

tool.main(usage: BenchmarkOptions.usage, parse: BenchmarkOptions.parse) { options in
    let report = try Benchmark(options: options).run()
    return options.json ? try report.json() : report.table()
}
