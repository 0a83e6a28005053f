import CLibGit2
import Foundation

/// Configuration values and the commit identity.
extension Repository {
    /// The value of `key` (for example `user.name`) from the repository's configuration, which
    /// includes the global, XDG and system files; nil when unset.
    public func configString(_ key: String) throws -> String? {
        let config = try makeHandle("git_repository_config", ConfigHandle.init) { out in
            git_repository_config(&out, pointer)
        }
        return try withExtendedLifetime(config) { () throws -> String? in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            do {
                try git("git_config_get_string_buf") { git_config_get_string_buf(&buffer, config.pointer, key) }
            } catch let error as GitError where error.isNotFound {
                return nil
            }
            guard let text = buffer.ptr else { return "" }
            return String(cString: text)
        }
    }

    /// Sets `key` to `value` in the repository-local configuration (`.git/config`).
    public func setConfigString(_ key: String, _ value: String) throws {
        let config = try makeHandle("git_repository_config", ConfigHandle.init) { out in
            git_repository_config(&out, pointer)
        }
        let local = try withExtendedLifetime(config) {
            try makeHandle("git_config_open_level", ConfigHandle.init) { out in
                git_config_open_level(&out, config.pointer, GIT_CONFIG_LEVEL_LOCAL)
            }
        }
        try withExtendedLifetime(local) {
            try git("git_config_set_string") { git_config_set_string(local.pointer, key, value) }
        }
    }

    /// The identity for new commits, dated now (whole seconds). Name and email are each resolved
    /// independently: `SLUICE_AUTHOR_NAME` / `SLUICE_AUTHOR_EMAIL` from `environment` first, then
    /// the git configuration `user.name` / `user.email`, then `Sluice` / `sluice@localhost`.
    /// Blank values count as unset.
    public func defaultSignature(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Signature {
        Signature.resolve(
            environment: environment,
            configName: try configString("user.name"),
            configEmail: try configString("user.email"),
            time: Date()
        )
    }
}
