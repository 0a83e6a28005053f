import CLibGit2

/// Owns one `git_tree_entry` and frees it exactly once with `git_tree_entry_free`. Not Sendable: use on one thread.
final class TreeEntryHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_tree_entry_free(pointer)
    }
}
