import Foundation

/// Paths and environments that keep tests away from the user's real configuration.
public enum TestEnvironment {
    /// The package root, found from this file's location.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The top-level `Fixtures/` folder.
    public static var fixtures: String { packageRoot + "/Fixtures" }

    /// An environment for a sluice process: isolated key store, fixed author, no global git config.
    public static func sluiceEnvironment(configDirectory: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = gitEnvironment()
        environment["SLUICE_CONFIG_DIR"] = configDirectory
        environment["SLUICE_AUTHOR_NAME"] = "Sluice Test"
        environment["SLUICE_AUTHOR_EMAIL"] = "test@sluice.invalid"
        environment["SLUICE_LOCK_TIMEOUT"] = "2"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// An environment for the git CLI that ignores the machine's global and system config.
    public static func gitEnvironment() -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for key in ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL"] { environment[key] = inherited[key] }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Git Test"
        environment["GIT_AUTHOR_EMAIL"] = "git@sluice.invalid"
        environment["GIT_COMMITTER_NAME"] = "Git Test"
        environment["GIT_COMMITTER_EMAIL"] = "git@sluice.invalid"
        return environment
    }
}
