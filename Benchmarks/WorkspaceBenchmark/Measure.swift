import Foundation

#if canImport(Glibc)
    import Glibc
    /// `posix_spawn_file_actions_t` is a struct in glibc and an opaque pointer on Darwin.
    private typealias SpawnFileActions = posix_spawn_file_actions_t
    private func emptySpawnFileActions() -> SpawnFileActions { SpawnFileActions() }
#elseif canImport(Darwin)
    import Darwin
    private typealias SpawnFileActions = posix_spawn_file_actions_t?
    private func emptySpawnFileActions() -> SpawnFileActions { nil }
#endif

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

/// Starts commands with `posix_spawn` and reaps them with `wait4`, which gives each run's own
/// resource usage (`getrusage(RUSAGE_CHILDREN)` would only give the maximum over all children).
enum Runner {
    /// Runs `command` in `directory` with exactly `environment`, standard input from /dev/null.
    static func run(_ command: BenchmarkCommand, in directory: String, environment: [String: String], output: RunOutput) throws -> RunResult {
        var actions = emptySpawnFileActions()
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw BenchmarkFailure("posix_spawn_file_actions_init failed") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        let setupFailures = [
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0),
            posix_spawn_file_actions_addopen(&actions, 1, output.standardOutput, writeFlags, 0o644),
            posix_spawn_file_actions_addopen(&actions, 2, output.standardError, writeFlags, 0o644),
        ]
        guard setupFailures.allSatisfy({ $0 == 0 }) else { throw BenchmarkFailure("cannot prepare to start \(command.label)") }
        // The child inherits the current folder. `posix_spawn_file_actions_addchdir_np` would set
        // it for the child alone, but Swift's Glibc module does not export it; the benchmark is
        // single-threaded here, so it moves there itself and comes back.
        let previousFolder = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(directory) else { throw BenchmarkFailure("cannot change to \(directory)") }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previousFolder) }

        let argv = [command.executable] + command.arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        let clock = ContinuousClock()
        var pid: pid_t = 0
        let start = clock.now
        let spawnError = withCStringArray(argv) { argvPointers in
            withCStringArray(envp) { envPointers in
                posix_spawn(&pid, command.executable, &actions, nil, argvPointers, envPointers)
            }
        }
        guard spawnError == 0 else {
            throw BenchmarkFailure("cannot start \(command.executable): \(String(cString: strerror(spawnError)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkFailure("wait4 failed for \(command.label): \(String(cString: strerror(errno)))") }
        }
        let seconds = (clock.now - start).seconds

        // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros Swift does not import.
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        let peak = Self.bytes(maxRSS: usage.ru_maxrss)
        return RunResult(seconds: seconds, peakRSSBytes: peak, peakRSSIsUpperBound: peak <= ownPeakRSSBytes(), exitStatus: exitStatus)
    }

    /// The benchmark process's own peak resident set size, in bytes.
    static func ownPeakRSSBytes() -> Int64 {
        var usage = rusage()
        #if canImport(Glibc)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)  // an enum in glibc's headers
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        return bytes(maxRSS: usage.ru_maxrss)
    }

    /// `ru_maxrss` in bytes: it counts kilobytes on Linux and bytes on Darwin.
    private static func bytes(maxRSS: Int) -> Int64 {
        #if os(Linux)
            Int64(maxRSS) * 1024
        #else
            Int64(maxRSS)
        #endif
    }

    /// Calls `body` with a NULL-terminated array of C strings that live for the duration of the call.
    private static func withCStringArray<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
