import CLibGit2

/// Owns one `git_revwalk` and frees it exactly once with `git_revwalk_free`. Not Sendable: use on one thread.
final class RevWalkHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_revwalk_free(pointer)
    }
}
