import CLibGit2

/// Owns one `git_config` and frees it exactly once with `git_config_free`. Not Sendable: use on one thread.
final class ConfigHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_config_free(pointer)
    }
}
