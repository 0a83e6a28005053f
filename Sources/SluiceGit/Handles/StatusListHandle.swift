import CLibGit2

/// Owns one `git_status_list` and frees it exactly once with `git_status_list_free`. Not Sendable: use on one thread.
final class StatusListHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_status_list_free(pointer)
    }
}
