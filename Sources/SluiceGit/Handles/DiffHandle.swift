import CLibGit2

/// Owns one `git_diff` and frees it exactly once with `git_diff_free`. Not Sendable: use on one thread.
final class DiffHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_diff_free(pointer)
    }
}
