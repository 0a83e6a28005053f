import CLibGit2

/// Owns one `git_index` and frees it exactly once with `git_index_free`. Not Sendable: use on one thread.
final class IndexHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_index_free(pointer)
    }
}
