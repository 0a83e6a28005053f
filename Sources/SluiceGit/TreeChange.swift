/// One file-level difference between two trees.
public struct TreeChange: Sendable, Hashable {
    /// How the file changed.
    public enum Status: Sendable, Hashable {
        /// Only in the new tree.
        case added
        /// Only in the old tree.
        case deleted
        /// In both, with different content or mode.
        case modified
        /// Moved from `oldPath` to `newPath` (content may also differ).
        case renamed
        /// Changed kind, for example from a file to a symbolic link.
        case typeChanged
    }

    /// How the file changed.
    public var status: Status
    /// The path in the old tree; nil for `.added`.
    public var oldPath: String?
    /// The path in the new tree; nil for `.deleted`.
    public var newPath: String?
    /// The blob in the old tree; nil for `.added`.
    public var oldID: ObjectID?
    /// The blob in the new tree; nil for `.deleted`.
    public var newID: ObjectID?
    /// The git file mode in the old tree (`0o100644`, `0o100755`, `0o120000`); nil for `.added` or when unknown.
    public var oldMode: UInt32?
    /// The git file mode in the new tree; nil for `.deleted` or when unknown.
    public var newMode: UInt32?

    /// Creates a change description.
    public init(
        status: Status, oldPath: String?, newPath: String?, oldID: ObjectID?, newID: ObjectID?, oldMode: UInt32? = nil, newMode: UInt32? = nil
    ) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldID = oldID
        self.newID = newID
        self.oldMode = oldMode
        self.newMode = newMode
    }

    /// The path that best names the change: the new path, or the old one for deletions.
    public var path: String {
        newPath ?? oldPath ?? ""
    }
}
