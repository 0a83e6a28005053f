/// One entry of a tree, with its path from the root tree.
public struct TreeEntry: Sendable, Hashable {
    /// What an entry points at.
    public enum Kind: Sendable, Hashable {
        /// A file (or symbolic link) body.
        case blob
        /// A subdirectory.
        case tree
        /// A submodule commit (gitlink).
        case commit
        /// Anything else libgit2 may report.
        case other
    }

    /// The last path component.
    public var name: String
    /// The full path from the root tree, `/`-separated.
    public var path: String
    /// The object the entry points at.
    public var id: ObjectID
    /// The kind of object.
    public var kind: Kind
    /// The git file mode, for example `0o100644`, `0o100755`, `0o040000`, `0o120000`.
    public var mode: UInt32

    /// Creates a tree entry description.
    public init(name: String, path: String, id: ObjectID, kind: Kind, mode: UInt32) {
        self.name = name
        self.path = path
        self.id = id
        self.kind = kind
        self.mode = mode
    }
}
