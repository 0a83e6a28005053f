import CLibGit2

/// Uploading to remotes.
extension Repository {
    /// Pushes `refspecs` (for example `refs/heads/production:refs/heads/production`; a leading
    /// `+` forces a non-fast-forward update, `:refs/heads/x` deletes) to the remote `remote`, and
    /// then moves the matching remote-tracking references (`refs/remotes/<remote>/*`).
    ///
    /// Throws a ``GitError`` with `isRejectedPush` when any reference was refused: either
    /// libgit2 saw that the update is not a fast-forward (or the remote has commits this
    /// repository lacks), or the remote itself declined it (reported per reference, which
    /// libgit2 does not treat as a failure; SluiceGit does). References the remote accepted in
    /// the same push stay updated. See also `isUnreachable`, `isAuthenticationFailure` and
    /// `isCertificateFailure`; `isNotFound` when no such remote is configured.
    public func push(remote name: String, refspecs: [String], credentials: Credentials) throws {
        guard !refspecs.isEmpty else {
            throw GitError.invalidArgument("pushing to '\(name)' needs at least one refspec", function: "git_remote_push")
        }
        let remote = try lookupRemote(name)
        try withExtendedLifetime(remote) {
            let url =
                git_remote_pushurl(remote.pointer).map { String(cString: $0) }
                ?? git_remote_url(remote.pointer).map { String(cString: $0) } ?? ""
            let session = RemoteSession(url: url, credentials: credentials)
            try session.withCallbacks { callbacks in
                try session.connect(remote, direction: GIT_DIRECTION_PUSH, callbacks: callbacks)
                var options = git_push_options()
                try git("git_push_options_init") { git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)) }
                options.callbacks = callbacks
                options.proxy_opts.type = GIT_PROXY_AUTO
                let result = try withStrArray(refspecs) { array in
                    git_remote_push(remote.pointer, array, &options)
                }
                guard result >= 0 else {
                    let error = session.error(code: result, function: "git_remote_push")
                    guard error.isRejectedPush else { throw error }
                    throw GitError(
                        code: error.code, errorClass: error.errorClass,
                        message: "\(error.message) (fetch and merge the remote changes, then push again)",
                        function: error.function)
                }
                let rejected = session.rejectedReferences
                guard rejected.isEmpty else {
                    let list = rejected.map { "\($0.name) (\($0.reason))" }.joined(separator: ", ")
                    throw GitError(
                        code: GIT_ENONFASTFORWARD.rawValue,
                        errorClass: Int32(bitPattern: GIT_ERROR_REFERENCE.rawValue),
                        message: "the remote \(session.displayURL) rejected \(list)",
                        function: "git_remote_push")
                }
            }
        }
    }
}
