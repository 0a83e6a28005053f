import CLibGit2

/// Downloading from remotes.
extension Repository {
    /// Fetches the remote's branches into `refs/remotes/<name>/*` (its configured refspecs) and
    /// prunes tracking references whose branch was deleted on the remote. Tags pointing into the
    /// fetched history follow the remote's `tagOpt` setting (git's default: auto-follow).
    /// `progress` is called on this thread while objects download (not at all when nothing new
    /// had to be downloaded).
    ///
    /// Returns every reference the fetch created or moved, with its new id (tracking references,
    /// and tags brought along); references that were unchanged or pruned are not included.
    /// Throws a ``GitError``: `isNotFound` when no such remote is configured, and see
    /// `isUnreachable`, `isAuthenticationFailure` and `isCertificateFailure`.
    @discardableResult
    public func fetch(
        remote name: String, credentials: Credentials, progress: ((TransferProgress) -> Void)? = nil
    ) throws -> [String: ObjectID] {
        let remote = try lookupRemote(name)
        return try withExtendedLifetime(remote) {
            let url = git_remote_url(remote.pointer).map { String(cString: $0) } ?? ""
            let session = RemoteSession(url: url, credentials: credentials, progress: progress)
            return try fetch(remote, refspecs: [], session: session) { options in
                options.prune = GIT_FETCH_PRUNE
            }
        }
    }

    /// Fetches explicit refspecs from a URL (or path) without configuring a remote, for example
    /// `["+refs/heads/production:refs/sluice/import/production"]` to import a flow from another
    /// repository. No tags are fetched, nothing is pruned and `FETCH_HEAD` is not written.
    /// Returns the references created or moved. `refspecs` must not be empty.
    @discardableResult
    public func fetch(url: String, refspecs: [String], credentials: Credentials) throws -> [String: ObjectID] {
        guard !refspecs.isEmpty else {
            throw GitError.invalidArgument("fetching from \(url) needs at least one refspec", function: "git_remote_fetch")
        }
        let remote = try makeHandle("git_remote_create_anonymous", RemoteHandle.init) { out in
            git_remote_create_anonymous(&out, pointer, url)
        }
        return try withExtendedLifetime(remote) {
            let session = RemoteSession(url: url, credentials: credentials)
            return try fetch(remote, refspecs: refspecs, session: session) { options in
                options.prune = GIT_FETCH_NO_PRUNE
                options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
                options.update_fetchhead = 0
            }
        }
    }

    /// Connects (so connection failures are classified as `isUnreachable`), then downloads and
    /// updates references. `refspecs` empty means the remote's configured ones.
    private func fetch(
        _ remote: RemoteHandle, refspecs: [String], session: RemoteSession, configure: (inout git_fetch_options) -> Void
    ) throws -> [String: ObjectID] {
        try session.withCallbacks { callbacks in
            try session.connect(remote, direction: GIT_DIRECTION_FETCH, callbacks: callbacks)
            var options = git_fetch_options()
            try git("git_fetch_options_init") { git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) }
            options.callbacks = callbacks
            options.proxy_opts.type = GIT_PROXY_AUTO
            configure(&options)
            let result = try withStrArray(refspecs) { array in
                git_remote_fetch(remote.pointer, refspecs.isEmpty ? nil : array, &options, nil)
            }
            guard result >= 0 else { throw session.error(code: result, function: "git_remote_fetch") }
            return session.updatedReferences
        }
    }
}
