/// How a merge combines two different edits of the same array.
public enum ArrayStrategy: Sendable, Hashable {
    /// Elements are objects matched by their string `id` and merged one by one; falls back to
    /// `sequence` when an element lacks a string `id` or an id repeats within one side.
    case byID
    /// Elements are set members: base members kept by both sides plus what either side added.
    case set
    /// A three-way merge of the element sequences (diff3 over whole elements).
    case sequence
    /// Like `byID`, but an element is never dropped because one side lacks it: a union of both
    /// sides, where elements present on both sides merge by the rules.
    case unionByID
}
