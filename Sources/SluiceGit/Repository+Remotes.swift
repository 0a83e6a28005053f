import CLibGit2

/// Configured remotes and listing what a remote advertises.
extension Repository {
    /// The configured remotes, sorted by name.
    public func remotes() throws -> [Remote] {
        var names = git_strarray()
        defer { git_strarray_dispose(&names) }
        try git("git_remote_list") { git_remote_list(&names, pointer) }
        var result: [Remote] = []
        for index in 0..<names.count {
            guard let name = names.strings?[index].map({ String(cString: $0) }) else { continue }
            if let remote = try remote(named: name) {
                result.append(remote)
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The remote called `named`, or nil when none is configured. Throws for names git considers
    /// invalid.
    public func remote(named name: String) throws -> Remote? {
        let remote: RemoteHandle
        do {
            remote = try lookupRemote(name)
        } catch let error as GitError where error.isNotFound {
            return nil
        }
        return withExtendedLifetime(remote) {
            Remote(name: name, url: git_remote_url(remote.pointer).map { String(cString: $0) } ?? "")
        }
    }

    /// Configures the remote `name` fetching `url` with git's default refspec
    /// (`+refs/heads/*:refs/remotes/<name>/*`). Throws a ``GitError`` with `isConflictingUpdate`
    /// (`GIT_EEXISTS`) when a remote of that name exists, and `GIT_EINVALIDSPEC` for an invalid
    /// name or an empty URL.
    public func addRemote(name: String, url: String) throws {
        guard !url.isEmpty else {
            throw GitError.invalidArgument("the URL of remote '\(name)' must not be empty", function: "git_remote_create")
        }
        // The handle is only needed for the call; it is freed right away.
        _ = try makeHandle("git_remote_create", RemoteHandle.init) { out in
            git_remote_create(&out, pointer, name, url)
        }
    }

    /// Removes the remote `name`: its configuration and its remote-tracking references.
    /// Throws `isNotFound` when no such remote exists.
    public func removeRemote(name: String) throws {
        try git("git_remote_delete") { git_remote_delete(pointer, name) }
    }

    /// The references the remote `remote` advertises and its default branch, read without
    /// fetching anything (`git ls-remote`).
    public func advertisedReferences(remote name: String, credentials: Credentials) throws -> RemoteAdvertisement {
        try advertisedReferences(of: try lookupRemote(name), credentials: credentials)
    }

    /// Like ``advertisedReferences(remote:credentials:)`` for a URL (or path) without a
    /// configured remote.
    public func advertisedReferences(url: String, credentials: Credentials) throws -> RemoteAdvertisement {
        let remote = try makeHandle("git_remote_create_anonymous", RemoteHandle.init) { out in
            git_remote_create_anonymous(&out, pointer, url)
        }
        return try advertisedReferences(of: remote, credentials: credentials)
    }

    private func advertisedReferences(of remote: RemoteHandle, credentials: Credentials) throws -> RemoteAdvertisement {
        let url = git_remote_url(remote.pointer).map { String(cString: $0) } ?? ""
        let session = RemoteSession(url: url, credentials: credentials)
        return try withExtendedLifetime(remote) {
            try session.withCallbacks { callbacks in
                try session.connect(remote, direction: GIT_DIRECTION_FETCH, callbacks: callbacks)
                defer { _ = git_remote_disconnect(remote.pointer) }
                var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
                var count = 0
                try git("git_remote_ls") { git_remote_ls(&heads, &count, remote.pointer) }
                var references: [String: ObjectID] = [:]
                for index in 0..<count {
                    guard let head = heads?[index], let name = head.pointee.name else { continue }
                    references[String(cString: name)] = ObjectID(head.pointee.oid)
                }
                var buffer = git_buf()
                defer { git_buf_dispose(&buffer) }
                var defaultBranch: String?
                do {
                    try git("git_remote_default_branch") { git_remote_default_branch(&buffer, remote.pointer) }
                    defaultBranch = buffer.ptr.map { String(cString: $0) }
                } catch let error as GitError where error.isNotFound {
                    defaultBranch = nil
                }
                return RemoteAdvertisement(references: references, defaultBranch: defaultBranch)
            }
        }
    }

    /// Looks up a configured remote; `isNotFound` when there is none.
    func lookupRemote(_ name: String) throws -> RemoteHandle {
        try makeHandle("git_remote_lookup", RemoteHandle.init) { out in
            git_remote_lookup(&out, pointer, name)
        }
    }
}
