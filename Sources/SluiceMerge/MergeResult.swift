import SluiceJSON

/// The outcome of a three-way merge: the merged document and what could not be combined.
public struct MergeResult: Sendable, Hashable {
    /// The merged document; nil when the merge deletes it.
    public var value: JSONValue?
    /// The conflicts in document order; at each of them `value` holds ours.
    public var conflicts: [MergeConflict]

    /// Whether the merge had no conflicts.
    public var isClean: Bool { conflicts.isEmpty }

    /// Creates a result.
    public init(value: JSONValue?, conflicts: [MergeConflict]) {
        self.value = value
        self.conflicts = conflicts
    }
}
