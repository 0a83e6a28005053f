import CLibGit2

/// Owns one `git_remote` and frees it exactly once with `git_remote_free` (which also disconnects
/// it). Not Sendable: use on one thread.
final class RemoteHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_remote_free(pointer)
    }
}
