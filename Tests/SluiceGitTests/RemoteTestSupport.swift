import Foundation
import SluiceGit
import SluiceTestSupport

/// Credentials that see only `home` (no agent, no token unless given in `extra`) and no user or
/// system git configuration, so tests never pick up the machine's credentials.
func isolatedCredentials(home: String, _ extra: [String: String] = [:]) -> Credentials {
    var environment = [
        "HOME": home,
        "PATH": "/usr/bin:/bin",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
    ]
    environment.merge(extra) { _, new in new }
    return Credentials(environment: environment)
}

/// Commits `file` with `text` in the git CLI work tree at `path`; returns the new HEAD id.
@discardableResult
func cliCommit(_ file: String, _ text: String, message: String, in path: String) throws -> ObjectID? {
    try writeFile(file, text, in: path)
    try runGit(["add", file], in: path)
    try runGit(["commit", "-q", "-m", message], in: path)
    return ObjectID(hex: try runGit(["rev-parse", "HEAD"], in: path).trimmingCharacters(in: .whitespacesAndNewlines))
}

/// A bare repository `<root>/upstream.git` fed by the CLI work tree `<root>/seed` (branch `main`
/// with one commit, pushed). Returns (bare path, seed path).
func makeUpstream(in root: String) throws -> (bare: String, seed: String) {
    let bare = root + "/upstream.git"
    let seed = root + "/seed"
    try runGit(["init", "-q", "--bare", "-b", "main", bare], in: root)
    try runGit(["init", "-q", "-b", "main", seed], in: root)
    try cliCommit("flows/a.json", "{\"a\": 1}\n", message: "seed", in: seed)
    try runGit(["remote", "add", "origin", bare], in: seed)
    try runGit(["push", "-q", "origin", "main"], in: seed)
    return (bare, seed)
}

/// `git ls-remote <url>` as a map from reference name to id.
func lsRemote(_ url: String, in directory: String) throws -> [String: ObjectID] {
    var result: [String: ObjectID] = [:]
    for line in try gitLines(["ls-remote", url], in: directory) {
        let parts = line.split(separator: "\t")
        guard parts.count == 2, let id = ObjectID(hex: String(parts[0])) else { continue }
        result[String(parts[1])] = id
    }
    return result
}

/// A thread-safe slot for a result produced on another thread.
private final class ResultSlot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<Value, any Error>?

    var value: Result<Value, any Error>? {
        lock.withLock { stored }
    }

    func set(_ result: Result<Value, any Error>) {
        lock.withLock { stored = result }
    }
}

/// Runs `body` on its own thread and waits at most `seconds`. Returns nil on timeout, so a hung
/// libgit2 call fails the test instead of hanging the test run (the thread is abandoned).
func withDeadline<Value: Sendable>(
    seconds: Double, _ body: @escaping @Sendable () throws -> Value
) -> Result<Value, any Error>? {
    let slot = ResultSlot<Value>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        slot.set(Result { try body() })
        done.signal()
    }
    thread.start()
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return slot.value
}
