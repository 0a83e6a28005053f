/// A commit copied out of the object database.
public struct CommitInfo: Sendable, Hashable {
    /// The commit's own id.
    public var id: ObjectID
    /// The root tree of the commit.
    public var tree: ObjectID
    /// Parent commits, first parent first. Empty for a root commit.
    public var parents: [ObjectID]
    /// The full message, as stored (usually ending in a newline).
    public var message: String
    /// The first paragraph of the message, on one line.
    public var summary: String
    /// Who made the change.
    public var author: Signature
    /// Who recorded the commit.
    public var committer: Signature

    /// Creates a commit description.
    public init(
        id: ObjectID,
        tree: ObjectID,
        parents: [ObjectID],
        message: String,
        summary: String,
        author: Signature,
        committer: Signature
    ) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.message = message
        self.summary = summary
        self.author = author
        self.committer = committer
    }
}
