import CLibGit2

/// Owns one `git_tree` and frees it exactly once with `git_tree_free`. Not Sendable: use on one thread.
final class TreeHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_tree_free(pointer)
    }
}
