import CLibGit2

/// Owns one `git_treebuilder` and frees it exactly once with `git_treebuilder_free`. Not Sendable: use on one thread.
final class TreeBuilderHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_treebuilder_free(pointer)
    }
}
