import SluiceGit

/// The entries of one tree looked up by path, each folder read once. libgit2 keeps no large tree in its object cache,
/// so looking paths up one at a time (`git_tree_entry_bypath`) in a folder of 10,000 flows would inflate that folder
/// again for every path.
struct TreeLookup {
    let repository: Repository
    let root: ObjectID
    private var folders: [String: [String: TreeEntry]] = [:]

    init(repository: Repository, root: ObjectID) {
        self.repository = repository
        self.root = root
    }

    /// The entry at `path` (relative, `/`-separated), or nil when the tree has none there.
    mutating func entry(atPath path: String) throws -> TreeEntry? {
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return nil }
        return try children(of: parts.dropLast().joined(separator: "/"))?[String(name)]
    }

    /// The direct children of `folder` ("" for the root) by name, or nil when it is not a folder of the tree.
    private mutating func children(of folder: String) throws -> [String: TreeEntry]? {
        if let known = folders[folder] { return known }
        let id: ObjectID
        if folder.isEmpty {
            id = root
        } else {
            guard let entry = try entry(atPath: folder), entry.kind == .tree else { return nil }
            id = entry.id
        }
        let children = Dictionary(try repository.treeEntries(id, recursive: false).map { ($0.name, $0) }) { first, _ in first }
        folders[folder] = children
        return children
    }
}
