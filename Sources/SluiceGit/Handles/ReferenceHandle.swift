import CLibGit2

/// Owns one `git_reference` and frees it exactly once with `git_reference_free`. Not Sendable: use on one thread.
final class ReferenceHandle {
    /// The owned pointer; valid while this object is alive.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_reference_free(pointer)
    }
}
