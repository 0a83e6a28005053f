import BenchmarkSupport
import Foundation

/// The command line of `sluice-benchmark`, parsed by hand with ``OptionScanner`` (no ArgumentParser dependency).
struct BenchmarkOptions {
    /// How many flows the generated workspace holds.
    var flows = 10_000
    /// Flows edited by hand (not committed) for the second set of measurements.
    var edited = 100
    /// Timed runs of each command, after one warm-up run.
    var repetitions = 5
    /// The `sluice` binary to measure.
    var sluicePath: String
    /// Print the figures as JSON instead of a table.
    var json = false
    /// Leave the temporary folder (workspace, key store, captured output) in place.
    var keep = false

    static let usage = """
        usage: sluice-benchmark [--flows N] [--edited E] [--repetitions R] [--sluice PATH] [--json] [--keep]

        Generates a workspace of N flows (default 10000) with a bare remote in a temporary folder,
        then times `sluice status`, a no-op `sluice sync`, `sluice flows list --json` and
        `sluice validate` against `git status --porcelain` on the same repository; then edits E
        flows by hand (default 100) and times `sluice status` and `sluice validate` again. Each
        command runs once as a warm-up (reported as its first run), then R timed runs (default 5).

          --flows N          flows in the generated workspace (default 10000)
          --edited E         flows edited by hand for the second measurements (default 100)
          --repetitions R    timed runs of each command (default 5)
          --sluice PATH      the sluice binary (default: `sluice` next to this executable)
          --json             print the figures as JSON
          --keep             keep the temporary folder and print its path
          -h, --help         show this help
        """

    /// Parses `arguments` (without the program name). Returns nil when help was asked for.
    static func parse(_ arguments: [String], defaultSluicePath: String) throws(UsageError) -> BenchmarkOptions? {
        var options = BenchmarkOptions(sluicePath: defaultSluicePath)
        var scanner = OptionScanner(arguments)
        while let name = try scanner.next() {
            switch name {
            case "--flows": options.flows = try scanner.positiveInteger()
            case "--edited": options.edited = try scanner.positiveInteger()
            case "--repetitions": options.repetitions = try scanner.positiveInteger()
            case "--sluice": options.sluicePath = try scanner.value()
            case "--json": options.json = true
            case "--keep": options.keep = true
            case "-h", "--help": return nil
            default: throw scanner.unknownArgument()
            }
        }
        return options
    }

    /// `sluice` in the folder of the running executable, e.g. `.build/release/sluice`.
    static func sluiceNextToExecutable() -> String {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "sluice-benchmark"
        let absolute = URL(fileURLWithPath: executable).standardizedFileURL
        return absolute.deletingLastPathComponent().appendingPathComponent("sluice").path
    }
}
