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

    /// Creates a change description.
    public init(status: Status, oldPath: String?, newPath: String?, oldID: ObjectID?, newID: ObjectID?) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldID = oldID
        self.newID = newID
    }

    /// The path that best names the change: the new path, or the old one for deletions.
    public var path: String {
        newPath ?? oldPath ?? ""
    }
}
