/// The state of one path in the index (against HEAD) and in the work tree (against the index).
public struct StatusEntry: Sendable, Hashable {
    /// A kind of change.
    public enum Change: Sendable, Hashable {
        /// New (in the index: staged new file).
        case added
        /// Content or mode changed.
        case modified
        /// Removed.
        case deleted
        /// Moved (index side only; `originalPath` holds the old name).
        case renamed
        /// Changed kind, for example file to symbolic link.
        case typeChanged
        /// In the work tree but not in the index.
        case untracked
        /// Untracked and matched by `.gitignore`.
        case ignored
        /// Has unresolved merge conflicts.
        case conflicted
    }

    /// The path relative to the work tree root, `/`-separated.
    public var path: String
    /// The change between HEAD and the index, if any.
    public var index: Change?
    /// The change between the index and the work tree, if any.
    public var workdir: Change?
    /// For an index-side rename, the path before the rename.
    public var originalPath: String?

    /// Creates a status entry.
    public init(path: String, index: Change?, workdir: Change?, originalPath: String? = nil) {
        self.path = path
        self.index = index
        self.workdir = workdir
        self.originalPath = originalPath
    }
}
