import BenchmarkSupport

/// A command line the benchmark times.
struct BenchmarkCommand {
    /// How the command appears in the report, e.g. `sluice validate`.
    var label: String
    /// The absolute path of the program to start.
    var executable: String
    /// The arguments after the program name.
    var arguments: [String]
    /// Whether the report compares the other commands against this one.
    var isBaseline = false
    /// What the warm-up run's output is checked for.
    var outputCheck = OutputCheck.none

    /// A check of a warm-up run's output, beyond its exit status.
    enum OutputCheck {
        case none
        /// `flows list --json` lists every generated flow, all valid.
        case flowList
        /// Count the problems `validate` prints.
        case problemCount
        /// `git status --porcelain` prints nothing: the work tree is clean.
        case cleanStatus
        /// A second run of `sync` right after the warm-up finds nothing to do.
        case upToDate
    }
}

/// One finished run of a command.
struct RunResult {
    /// Wall time from spawning the process to reaping it.
    var seconds: Double
    /// The child's peak resident set size (`ru_maxrss` from `wait4`), in bytes.
    var peakRSSBytes: Int64
    /// True when `peakRSSBytes` may be the benchmark's own peak rather than the child's, so the
    /// child's real peak is at most this. With `posix_spawn` (vfork semantics on Linux) the
    /// kernel folds the spawning process's high-water mark into the child's `ru_maxrss` at exec:
    /// a figure above the benchmark's own peak is exact, one at or below it is only a bound.
    var peakRSSIsUpperBound: Bool
    /// The exit status, or 128 + the signal number when the process was killed.
    var exitStatus: Int32
}

/// Where a run's standard output and standard error go.
struct RunOutput {
    var standardOutput: String
    var standardError: String
}

/// Runs the benchmark's commands through ``ProcessSpawner``.
enum Runner {
    /// Runs `command` in `directory` with exactly `environment`, standard input from /dev/null.
    static func run(_ command: BenchmarkCommand, in directory: String, environment: [String: String], output: RunOutput) throws -> RunResult {
        let spawned = try ProcessSpawner.run(
            command.executable, command.arguments, label: command.label, environment: environment, in: directory,
            standardOutput: output.standardOutput, standardError: output.standardError)
        let peak = spawned.peakRSSBytes
        return RunResult(
            seconds: spawned.seconds, peakRSSBytes: peak, peakRSSIsUpperBound: peak <= ProcessSpawner.ownPeakRSSBytes(), exitStatus: spawned.status)
    }
}
