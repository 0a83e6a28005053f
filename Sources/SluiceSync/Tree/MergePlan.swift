import SluiceGit

/// A document changed on both sides, waiting for its three-way merge.
struct ContentMerge: Sendable {
    var path: String
    var base: ObjectID?
    var ours: ObjectID?
    var theirs: ObjectID?
}

/// One path's change on one side relative to the base.
struct FileChange: Sendable, Hashable {
    var old: ObjectID?
    var new: ObjectID?
    /// The file modes before and after (`0o100644`, `0o100755`, `0o120000`).
    var oldMode: UInt32? = nil
    var newMode: UInt32? = nil
}

/// The working state of one tree merge.
struct MergePlan {
    var ours: [String: FileChange]
    var theirs: [String: FileChange]
    var writes: [String: ObjectID] = [:]
    var removals: Set<String> = []
    /// Modes to set where the merged mode is not what the tree writer keeps by itself (ours' mode).
    var modes: [String: UInt32] = [:]
    var conflicts: [String: [Conflict]] = [:]
    var mergedPaths: Set<String> = []
    var contentMerges: [ContentMerge] = []
    var handled: Set<String> = []
    /// Flow folders of theirs moved aside because ours put another flow there.
    var relocatedFolders: [String: String] = [:]
    var relocated: [String: String] = [:]

    /// Where theirs' file at `path` goes: its moved folder when theirs added it there, else `path`.
    func relocatedPath(_ path: String, added: Bool) -> String {
        guard added else { return path }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 3, let moved = relocatedFolders["\(parts[0])/\(parts[1])"] else { return path }
        return "\(moved)/\(parts[2])"
    }

    init(base ours: [String: FileChange], theirs: [String: FileChange]) {
        self.ours = ours
        self.theirs = theirs
    }

    /// Paths changed by theirs that no rename rule took care of.
    func pendingPaths() -> [String] { theirs.keys.filter { !handled.contains($0) }.sorted() }

    mutating func record(_ path: String, _ found: [Conflict]) {
        guard !found.isEmpty else { return }
        conflicts[path, default: []] += found
    }
}
