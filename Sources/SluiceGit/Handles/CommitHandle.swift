import CLibGit2

/// Owns one `git_commit` and frees it exactly once with `git_commit_free`. Not Sendable: use on one thread.
final class CommitHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_commit_free(pointer)
    }
}
