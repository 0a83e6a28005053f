import CLibGit2

/// Updating the work tree from a commit.
extension Repository {
    /// Makes the work tree and index match the tree of `commit`. With `force`, local changes are
    /// overwritten and files tracked in the index but absent from `commit` are deleted; without
    /// it, the checkout fails (`GIT_ECONFLICT`) instead of overwriting local changes. Untracked
    /// files are kept. HEAD does not move: when switching branches, call this first and then
    /// ``setHead(branch:)``.
    public func checkout(commit: ObjectID, force: Bool) throws {
        _ = try requireWorkingDirectory(function: "checkout")
        let target = try lookupCommit(commit)
        var options = git_checkout_options()
        try git("git_checkout_options_init") {
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        }
        options.checkout_strategy = force ? GIT_CHECKOUT_FORCE.rawValue : GIT_CHECKOUT_SAFE.rawValue
        try withExtendedLifetime(target) {
            try git("git_checkout_tree") { git_checkout_tree(pointer, target.pointer, &options) }
        }
    }
}
