import Foundation
import SluiceGit

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

/// `git merge-tree --write-tree <ours> <theirs>` in the generated repository: the real git CLI, which finds the
/// merge base itself and writes the merged blobs and trees to the object database, as Sluice's merge does.
struct GitMergeTree {
    var repository: String
    var ours: ObjectID
    var theirs: ObjectID
    /// Where standard output goes (standard error goes next to it, with `.err` appended).
    var output: String

    /// Runs it once and returns its exit status (0 clean, 1 conflicts) and wall time from spawn to reaping.
    func run() throws -> (status: Int32, seconds: Double) {
        let arguments = ["git", "-C", repository, "merge-tree", "--write-tree", ours.description, theirs.description]
        let result = try Self.spawn("/usr/bin/env", arguments, output: output)
        guard result.status == 0 || result.status == 1 else {
            let said = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw BenchmarkFailure("`\(arguments.joined(separator: " "))` exited with status \(result.status): \(said)")
        }
        return result
    }

    /// The last run's conflicts: the distinct paths of its conflicted file info (`<mode> <object> <stage>\t<path>`
    /// lines between the tree id and the first blank line) and the number of its `CONFLICT (…)` messages.
    func conflicts() throws -> (paths: Set<String>, messages: Int) {
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let info = lines.dropFirst().prefix { !$0.isEmpty }
        let paths = Set(info.compactMap { line in line.firstIndex(of: "\t").map { String(line[line.index(after: $0)...]) } })
        return (paths, lines.filter { $0.hasPrefix("CONFLICT (") }.count)
    }

    /// Starts `executable` with `posix_spawn` (standard input from /dev/null, git's configuration files ignored)
    /// and reaps it with `waitpid`.
    private static func spawn(_ executable: String, _ arguments: [String], output: String) throws -> (status: Int32, seconds: Double) {
        var actions = emptySpawnFileActions()
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw BenchmarkFailure("posix_spawn_file_actions_init failed") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        let setup = [
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0),
            posix_spawn_file_actions_addopen(&actions, 1, output, writeFlags, 0o644),
            posix_spawn_file_actions_addopen(&actions, 2, output + ".err", writeFlags, 0o644),
        ]
        guard setup.allSatisfy({ $0 == 0 }) else { throw BenchmarkFailure("cannot prepare to start \(executable)") }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }

        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let error = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard error == 0 else { throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(error)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchmarkFailure("waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let seconds = (clock.now - start).seconds
        // WIFEXITED / WEXITSTATUS are C macros Swift does not import.
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, seconds)
    }
}
