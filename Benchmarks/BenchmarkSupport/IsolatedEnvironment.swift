import Foundation

/// What every measured `sluice` process runs with.
public enum IsolatedEnvironment {
    /// The environment for the library and every measured process: an isolated key store, a fixed
    /// author, and no system or global git configuration (so hooks, fsmonitor and the like stay out).
    public static func make(configFolder: String) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for key in ["HOME", "TMPDIR", "LANG", "LC_ALL"] { environment[key] = inherited[key] }
        environment["PATH"] = inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["SLUICE_CONFIG_DIR"] = configFolder
        environment["SLUICE_AUTHOR_NAME"] = "Sluice Benchmark"
        environment["SLUICE_AUTHOR_EMAIL"] = "benchmark@sluice.invalid"
        return environment
    }
}
