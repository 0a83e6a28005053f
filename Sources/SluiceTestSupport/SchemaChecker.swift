import Foundation

/// Runs `scripts/check-schemas.py`: Python's `jsonschema`, an independent JSON Schema implementation.
public enum SchemaChecker {
    /// The Python that has `jsonschema` (the one on PATH, or the system's).
    public static func python() throws -> String {
        for candidate in ["/usr/bin/env python3", "/usr/bin/python3"] {
            let parts = candidate.split(separator: " ").map(String.init)
            let result = try? ProcessRunner.run(parts[0], Array(parts.dropFirst()) + ["-c", "import jsonschema"])
            if result?.status == 0 { return candidate }
        }
        throw CocoaError(.executableNotLoadable, userInfo: [NSLocalizedDescriptionKey: "no python3 with jsonschema; run scripts/install-deps.sh"])
    }

    /// Validates `files` (absolute paths); returns one line per file: `valid PATH` or `invalid PATH: POINTER: MESSAGE`.
    public static func check(_ files: [String]) throws -> ProcessResult {
        let parts = try python().split(separator: " ").map(String.init)
        return try ProcessRunner.run(parts[0], Array(parts.dropFirst()) + [TestEnvironment.packageRoot + "/scripts/check-schemas.py"] + files)
    }
}
