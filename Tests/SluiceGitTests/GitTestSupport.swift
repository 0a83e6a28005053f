import Foundation
import SluiceGit

/// A failure of the real `git` command line tool.
struct GitCLIError: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var standardError: String

    var description: String {
        "git \(arguments.joined(separator: " ")) exited with \(status): \(standardError)"
    }
}

/// Creates a fresh temporary directory, passes its resolved path to `body`, and removes it after.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        .appendingPathComponent("sluice-git-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    return try body(base.resolvingSymlinksInPath().path)
}

/// Runs `/usr/bin/git args` in `directory` with an isolated configuration (no system or global
/// config, fixed identity) and returns its standard output. Throws ``GitCLIError`` on failure.
@discardableResult
func runGit(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
    process.environment = [
        "PATH": "/usr/bin:/bin",
        "HOME": directory,
        "LANG": "C",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "CLI Author",
        "GIT_AUTHOR_EMAIL": "cli@example.com",
        "GIT_COMMITTER_NAME": "CLI Author",
        "GIT_COMMITTER_EMAIL": "cli@example.com",
    ]
    // Files instead of pipes: no deadlock however much git prints.
    let outputURL = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("git-out-\(UUID().uuidString)")
    let errorURL = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("git-err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outputURL)
        try? FileManager.default.removeItem(at: errorURL)
    }
    let output = try FileHandle(forWritingTo: outputURL)
    let error = try FileHandle(forWritingTo: errorURL)
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try output.close()
    try error.close()
    let stdout = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
    guard process.terminationStatus == 0 else {
        let stderr = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        throw GitCLIError(arguments: arguments, status: process.terminationStatus, standardError: stderr)
    }
    return stdout
}

/// `runGit` output split into non-empty lines.
func gitLines(_ arguments: [String], in directory: String) throws -> [String] {
    try runGit(arguments, in: directory).split(separator: "\n").map(String.init)
}

/// Writes `text` to `path` (relative to `root`), creating intermediate directories.
func writeFile(_ path: String, _ text: String, in root: String) throws {
    let url = URL(fileURLWithPath: root).appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// Deletes the file or directory at `path` (relative to `root`).
func removeFile(_ path: String, in root: String) throws {
    try FileManager.default.removeItem(atPath: root + "/" + path)
}

/// True when something exists at `path` (relative to `root`).
func fileExists(_ path: String, in root: String) -> Bool {
    FileManager.default.fileExists(atPath: root + "/" + path)
}

/// A fixed identity so tests never depend on the machine's git configuration.
let testSignature = Signature(name: "Test Author", email: "test@example.com", time: Date(timeIntervalSince1970: 1_700_000_000))

/// Creates a repository with an unborn `main` branch at `<root>/repo`.
func makeRepository(in root: String) throws -> (Repository, String) {
    let path = root + "/repo"
    let repository = try Repository.create(at: path, initialBranch: "main")
    return (repository, path)
}

/// Asserts (by throwing) that `git fsck --strict` finds no problem. Returns its output.
@discardableResult
func fsck(_ directory: String) throws -> String {
    try runGit(["fsck", "--strict", "--no-dangling"], in: directory)
}
