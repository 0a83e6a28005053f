/// A configured remote: `remote.<name>.url` in the repository configuration.
public struct Remote: Sendable, Hashable {
    /// The remote's name, for example `origin`.
    public var name: String
    /// The fetch URL (a path, `file://`, `https://`, `ssh://` or scp-like `user@host:path`).
    public var url: String

    /// Creates a remote description.
    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

/// Download progress reported while fetching (libgit2's indexer statistics).
public struct TransferProgress: Sendable, Hashable {
    /// Objects downloaded so far.
    public var receivedObjects: Int
    /// Objects in the pack being downloaded (0 until the remote has announced it).
    public var totalObjects: Int
    /// Bytes of pack data downloaded so far.
    public var receivedBytes: Int

    /// Creates a progress value.
    public init(receivedObjects: Int, totalObjects: Int, receivedBytes: Int) {
        self.receivedObjects = receivedObjects
        self.totalObjects = totalObjects
        self.receivedBytes = receivedBytes
    }
}

/// What a remote advertises, read without fetching (`git ls-remote`).
public struct RemoteAdvertisement: Sendable, Hashable {
    /// Every advertised reference (`HEAD`, `refs/heads/...`, `refs/tags/...`) and the id it points at.
    public var references: [String: ObjectID]
    /// The remote's default branch as a full name (`refs/heads/main`), or nil when the remote
    /// does not say (an empty repository, or a server that does not advertise `HEAD`).
    public var defaultBranch: String?

    /// Creates an advertisement.
    public init(references: [String: ObjectID], defaultBranch: String?) {
        self.references = references
        self.defaultBranch = defaultBranch
    }

    /// The advertised branches: short names (`main`) and their ids.
    public var branches: [String: ObjectID] {
        let prefix = "refs/heads/"
        var result: [String: ObjectID] = [:]
        for (name, id) in references where name.hasPrefix(prefix) {
            result[String(name.dropFirst(prefix.count))] = id
        }
        return result
    }
}
