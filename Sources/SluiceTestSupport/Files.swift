import Foundation

/// Creates a fresh temporary directory, passes its resolved path to `body`, and removes it after.
public func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let directory = try TemporaryDirectory()
    return try withExtendedLifetime(directory) { try body(directory.path) }
}

/// Writes `text` to `path` (relative to `root`), creating intermediate directories.
public func writeFile(_ path: String, _ text: String, in root: String) throws {
    let url = URL(fileURLWithPath: root).appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// Deletes the file or directory at `path` (relative to `root`).
public func removeFile(_ path: String, in root: String) throws {
    try FileManager.default.removeItem(atPath: root + "/" + path)
}

/// True when something exists at `path` (relative to `root`).
public func fileExists(_ path: String, in root: String) -> Bool {
    FileManager.default.fileExists(atPath: root + "/" + path)
}
