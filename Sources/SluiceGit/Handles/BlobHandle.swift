import CLibGit2

/// Owns one `git_blob` and frees it exactly once with `git_blob_free`. Not Sendable: use on one thread.
final class BlobHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_blob_free(pointer)
    }
}
