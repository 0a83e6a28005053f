import Foundation

/// Runs the built `sluice` executable, as a user would.
public enum SluiceCLI {
    /// The built binary: `$SLUICE_BINARY`, or the newest `.build/*/debug/sluice` of this package.
    public static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SLUICE_BINARY"] { return path }
        let candidates = [".build/debug/sluice", ".build/release/sluice"].map { TestEnvironment.packageRoot + "/" + $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Runs `sluice arguments…` in `directory` with `environment`, feeding `input`.
    public static func run(_ arguments: [String], in directory: String, environment: [String: String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(binary, arguments, in: directory, environment: environment, input: input)
    }
}
