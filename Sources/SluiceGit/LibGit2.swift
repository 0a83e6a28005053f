import CLibGit2

/// One-time process-wide libgit2 setup. libgit2 is initialised lazily on first use and never shut down.
enum LibGit2 {
    /// Result of `git_libgit2_init()`; the lazy static initialiser runs exactly once, thread-safely.
    private static let initResult: Int32 = {
        let result = git_libgit2_init()
        // Object and reference writes in the git directory are fsynced, so a crash after a
        // commit never leaves a branch pointing at a half-written object.
        _ = sluice_git_enable_fsync(1)
        return result
    }()

    /// Makes sure libgit2 is initialised. Cheap after the first call.
    static func ensureInitialized() {
        _ = initResult
    }
}
