/// Checks of the relative, `/`-separated paths SluiceGit accepts for work-tree and tree paths.
enum PathValidation {
    /// The components of `path`, or a ``GitError`` when it is empty, absolute, has empty, `.` or
    /// `..` components, or touches `.git`.
    static func components(_ path: String, function: String) throws -> [Substring] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let invalid =
            path.isEmpty
            || parts.contains { part in
                part.isEmpty || part == "." || part == ".." || part.lowercased() == ".git"
            }
        guard !invalid else {
            throw GitError.invalidArgument(
                "invalid path '\(path)': expected a relative path with '/' separators",
                function: function
            )
        }
        return parts
    }
}
