import SluiceJSON

/// Three-way structural merge of JSON documents (the rules are in `docs/merge.md`).
///
/// Pure: no git and no files. The result is always valid JSON without duplicate keys, and no
/// array merged by id holds an id twice. Where the sides cannot be combined the result keeps ours
/// and a `MergeConflict` names the position.
///
/// Where the rules leave room, this implementation chooses:
/// - conflicts inside an array merged by id use the element's index in the merged array; an
///   element that ours deleted and theirs changed (so it is not in the result) gets the index it
///   would have had, which is where `sluice resolve --theirs` puts it back;
/// - a base of another type than two arrays or two objects on both sides makes their difference
///   a `typeChange` conflict; an absent base counts as `[]` or `{}`;
/// - conflict kinds: a side absent → `deleteModify`, else base absent → `addAdd`, else different
///   JSON types among the three → `typeChange`, else `bothModified`.
public enum JSONMerge {
    /// Merges `ours` and `theirs`, two descendants of `base`; nil stands for an absent document.
    public static func merge(
        base: JSONValue?, ours: JSONValue?, theirs: JSONValue?, policy: MergePolicy = .generic
    ) -> MergeResult {
        var merger = Merger(policy: policy)
        let value = merger.merge(base, ours, theirs)
        return MergeResult(value: value, conflicts: merger.conflicts)
    }
}
