import BenchmarkSupport

/// The command line of `sluice-merge-benchmark`, parsed by hand.
struct BenchmarkOptions {
    /// Flows in the base commit.
    var flows = 10_000
    /// Flows each side edits; half of them are edited on both sides.
    var edits = 1_000
    /// Timed runs of each merge, after one warm-up run.
    var repetitions = 5
    /// Print the figures as JSON instead of a table.
    var json = false
    /// Leave the temporary folder (the repository, git's output) in place.
    var keep = false

    static let usage = """
        usage: sluice-merge-benchmark [--flows N] [--edits M] [--repetitions R] [--json] [--keep]

        Generates a repository whose base commit holds N flows (default 10000) and two child commits
        that each edit M of them (default 1000; M/2 on both sides, in different members or blocks),
        then times Sluice's tree merge next to `git merge-tree --write-tree` on the same two commits
        and compares the conflicts each reports: one warm-up run, then R timed runs (default 5).

          --flows N          flows in the base commit (default 10000)
          --edits M          flows each side edits (default 1000)
          --repetitions R    timed runs of each merge (default 5)
          --json             print the figures as JSON
          --keep             keep the temporary folder and print its path
          -h, --help         show this help
        """

    /// Parses `arguments` (without the program name). Returns nil when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchmarkOptions? {
        var options = BenchmarkOptions()
        var scanner = OptionScanner(arguments)
        while let name = try scanner.next() {
            switch name {
            case "--flows": options.flows = try scanner.positiveInteger()
            case "--edits": options.edits = try scanner.positiveInteger()
            case "--repetitions": options.repetitions = try scanner.positiveInteger()
            case "--json": options.json = true
            case "--keep": options.keep = true
            case "-h", "--help": return nil
            default: throw scanner.unknownArgument()
            }
        }
        return options
    }
}
