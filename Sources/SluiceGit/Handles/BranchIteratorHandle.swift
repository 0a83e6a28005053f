import CLibGit2

/// Owns one `git_branch_iterator` and frees it exactly once with `git_branch_iterator_free`. Not Sendable: use on one thread.
final class BranchIteratorHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_branch_iterator_free(pointer)
    }
}
