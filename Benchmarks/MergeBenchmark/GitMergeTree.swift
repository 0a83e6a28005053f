import BenchmarkSupport
import Foundation
import SluiceGit

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
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        // Standard input from /dev/null, git's configuration files ignored.
        let result = try ProcessSpawner.run(
            "/usr/bin/env", arguments, environment: environment, standardOutput: output, standardError: output + ".err")
        guard result.status == 0 || result.status == 1 else {
            let said = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw BenchmarkFailure("`\(arguments.joined(separator: " "))` exited with status \(result.status): \(said)")
        }
        return (result.status, result.seconds)
    }

    /// The last run's conflicts: the distinct paths of its conflicted file info (`<mode> <object> <stage>\t<path>`
    /// lines between the tree id and the first blank line) and the number of its `CONFLICT (…)` messages.
    func conflicts() throws -> (paths: Set<String>, messages: Int) {
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let info = lines.dropFirst().prefix { !$0.isEmpty }
        let paths = Set(info.compactMap { line in line.firstIndex(of: "\t").map { String(line[line.index(after: $0)...]) } })
        return (paths, lines.filter { $0.hasPrefix("CONFLICT (") }.count)
    }
}
