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

/// One finished process.
public struct SpawnResult: Sendable {
    /// The exit status, or 128 + the signal number when the process was killed.
    public var status: Int32
    /// Wall time from spawning the process to reaping it.
    public var seconds: Double
    /// The child's peak resident set size (`ru_maxrss` from `wait4`), in bytes. With `posix_spawn` (vfork
    /// semantics on Linux) the kernel folds the spawning process's high-water mark into it at exec, so a figure at
    /// or below ``ProcessSpawner/ownPeakRSSBytes()`` is only an upper bound.
    public var peakRSSBytes: Int64
}

/// Starts processes with `posix_spawn` and reaps them with `wait4`, which gives each run's own resource usage
/// (`getrusage(RUSAGE_CHILDREN)` would only give the maximum over all children).
public enum ProcessSpawner {
    /// Runs `executable` (an absolute path) with `arguments` and exactly `environment`, standard input from
    /// /dev/null and standard output and error written to the given files, and waits for it. `directory`, when
    /// given, is the child's current folder; `label` names the command in error messages (default: `executable`).
    public static func run(
        _ executable: String, _ arguments: [String], label: String? = nil, environment: [String: String], in directory: String? = nil,
        standardOutput: String, standardError: String
    ) throws -> SpawnResult {
        let label = label ?? executable
        var actions = emptySpawnFileActions()
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw BenchmarkFailure("posix_spawn_file_actions_init failed") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        let setupFailures = [
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0),
            posix_spawn_file_actions_addopen(&actions, 1, standardOutput, writeFlags, 0o644),
            posix_spawn_file_actions_addopen(&actions, 2, standardError, writeFlags, 0o644),
        ]
        guard setupFailures.allSatisfy({ $0 == 0 }) else { throw BenchmarkFailure("cannot prepare to start \(label)") }
        // The child inherits the current folder. `posix_spawn_file_actions_addchdir_np` would set
        // it for the child alone, but Swift's Glibc module does not export it; the benchmarks are
        // single-threaded here, so this moves there itself and comes back.
        let previousFolder = FileManager.default.currentDirectoryPath
        if let directory {
            guard FileManager.default.changeCurrentDirectoryPath(directory) else { throw BenchmarkFailure("cannot change to \(directory)") }
        }
        defer { if directory != nil { _ = FileManager.default.changeCurrentDirectoryPath(previousFolder) } }

        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        let clock = ContinuousClock()
        var pid: pid_t = 0
        let start = clock.now
        let spawnError = withCStringArray(argv) { argvPointers in
            withCStringArray(envp) { envPointers in
                posix_spawn(&pid, executable, &actions, nil, argvPointers, envPointers)
            }
        }
        guard spawnError == 0 else {
            throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(spawnError)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkFailure("wait4 failed for \(label): \(String(cString: strerror(errno)))") }
        }
        let seconds = (clock.now - start).seconds

        // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros Swift does not import.
        let signal = status & 0x7f
        let exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return SpawnResult(status: exitStatus, seconds: seconds, peakRSSBytes: bytes(maxRSS: usage.ru_maxrss))
    }

    /// The running process's own peak resident set size, in bytes.
    public static func ownPeakRSSBytes() -> Int64 {
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
