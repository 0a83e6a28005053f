import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMerge

/// The value rules (same on both sides, one side changed, both changed) on objects and scalars.
@Suite struct ObjectMergeTests {
    static let examples: [MergeExample] = [
        MergeExample(
            name: "the same change on both sides is not a conflict",
            base: #"{"a": 1}"#, ours: #"{"a": 2}"#, theirs: #"{"a": 2}"#, expected: #"{"a": 2}"#),
        MergeExample(
            name: "equal up to key order and number form counts as the same, result is ours",
            base: #"{"a": 0}"#, ours: #"{"b": 1, "a": 1.0}"#, theirs: #"{"a": 1, "b": 1}"#,
            expected: #"{"b": 1, "a": 1.0}"#),
        MergeExample(
            name: "only ours changed",
            base: #"{"a": 1}"#, ours: #"{"a": 2}"#, theirs: #"{"a": 1}"#, expected: #"{"a": 2}"#),
        MergeExample(
            name: "only theirs changed",
            base: #"{"a": 1}"#, ours: #"{"a": 1e0}"#, theirs: #"{"a": 3}"#, expected: #"{"a": 3}"#),
        MergeExample(
            name: "edits of different members combine",
            base: #"{"a": 1, "b": 1}"#, ours: #"{"a": 2, "b": 1}"#, theirs: #"{"a": 1, "b": 2}"#,
            expected: #"{"a": 2, "b": 2}"#),
        MergeExample(
            name: "nested edits combine",
            base: #"{"o": {"x": 1, "y": 1}}"#, ours: #"{"o": {"x": 2, "y": 1}}"#, theirs: #"{"o": {"x": 1, "y": 2}}"#,
            expected: #"{"o": {"x": 2, "y": 2}}"#),
        MergeExample(
            name: "a deletion against an unchanged member deletes it",
            base: #"{"a": 1, "b": 1}"#, ours: #"{"a": 1}"#, theirs: #"{"a": 1, "b": 1, "c": 1}"#,
            expected: #"{"a": 1, "c": 1}"#),
        MergeExample(
            name: "two different scalar changes conflict and keep ours",
            base: #"{"a": 1, "b": true}"#, ours: #"{"a": 2, "b": true}"#, theirs: #"{"a": 3, "b": false}"#,
            expected: #"{"a": 2, "b": false}"#, conflicts: ["/a bothModified"]),
        MergeExample(
            name: "ours deleted what theirs modified: stays deleted",
            base: #"{"a": 1, "k": 0}"#, ours: #"{"k": 1}"#, theirs: #"{"a": 2, "k": 0}"#,
            expected: #"{"k": 1}"#, conflicts: ["/a deleteModify"]),
        MergeExample(
            name: "theirs deleted what ours modified: ours kept",
            base: #"{"a": {"x": 1}, "k": 0}"#, ours: #"{"a": {"x": 2}, "k": 0}"#, theirs: #"{"k": 1}"#,
            expected: #"{"a": {"x": 2}, "k": 1}"#, conflicts: ["/a deleteModify"]),
        MergeExample(
            name: "two different additions of a scalar conflict",
            base: #"{}"#, ours: #"{"a": 1}"#, theirs: #"{"a": "one"}"#, expected: #"{"a": 1}"#,
            conflicts: ["/a addAdd"]),
        MergeExample(
            name: "two additions of an object merge as objects",
            base: #"{}"#, ours: #"{"a": {"x": 1, "z": 1}}"#, theirs: #"{"a": {"y": 2, "z": 2}}"#,
            expected: #"{"a": {"x": 1, "y": 2, "z": 1}}"#, conflicts: ["/a/z addAdd"]),
        MergeExample(
            name: "string to object on one side is a type change",
            base: #"{"a": "s"}"#, ours: #"{"a": {"x": 1}}"#, theirs: #"{"a": "t"}"#, expected: #"{"a": {"x": 1}}"#,
            conflicts: ["/a typeChange"]),
        MergeExample(
            name: "object against array is a type change",
            base: #"{"a": {}}"#, ours: #"{"a": {"x": 1}}"#, theirs: #"{"a": [1]}"#, expected: #"{"a": {"x": 1}}"#,
            conflicts: ["/a typeChange"]),
        MergeExample(
            name: "null to a value is a type change",
            base: #"{"a": null}"#, ours: #"{"a": 1}"#, theirs: #"{"a": 2}"#, expected: #"{"a": 1}"#,
            conflicts: ["/a typeChange"]),
        MergeExample(
            name: "two objects over a scalar base are a type change, not a member merge",
            base: #"{"a": 5}"#, ours: #"{"a": {"x": 1}}"#, theirs: #"{"a": {"y": 1}}"#, expected: #"{"a": {"x": 1}}"#,
            conflicts: ["/a typeChange"]),
        MergeExample(
            name: "pointers escape ~ and /",
            base: #"{"a/b": {"~c": 1}}"#, ours: #"{"a/b": {"~c": 2}}"#, theirs: #"{"a/b": {"~c": 3}}"#,
            expected: #"{"a/b": {"~c": 2}}"#, conflicts: ["/a~1b/~0c bothModified"]),
        MergeExample(
            name: "conflicts come in document order, which is ours' member order",
            base: #"{"z": 0, "a": 0, "m": {"q": 0}}"#, ours: #"{"m": {"q": 1}, "z": 1, "a": 1}"#,
            theirs: #"{"z": 2, "a": 2, "m": {"q": 2}}"#,
            expected: #"{"m": {"q": 1}, "z": 1, "a": 1}"#,
            conflicts: ["/m/q bothModified", "/z bothModified", "/a bothModified"]),
    ]

    @Test(arguments: examples)
    func merges(_ example: MergeExample) throws {
        try example.verify()
    }

    static let orderExamples: [MergeExample] = [
        MergeExample(
            name: "theirs-only members go after their predecessor in theirs and after ours' additions there",
            base: #"{"a": 1, "b": 1}"#, ours: #"{"a": 2, "z": 1, "b": 1}"#,
            theirs: #"{"a": 1, "c": 3, "b": 2, "d": 4}"#,
            expected: #"{"a": 2, "z": 1, "c": 3, "b": 2, "d": 4}"#),
        MergeExample(
            name: "a theirs-only member without predecessor goes first",
            base: #"{"a": 1}"#, ours: #"{"a": 2}"#, theirs: #"{"n": 0, "m": 0, "a": 1}"#,
            expected: #"{"n": 0, "m": 0, "a": 2}"#),
        MergeExample(
            name: "after a predecessor ours deleted, the nearest earlier kept member anchors",
            base: #"{"a": 1, "b": 1, "c": 1}"#, ours: #"{"a": 1, "c": 2}"#, theirs: #"{"a": 1, "b": 1, "x": 0, "c": 1}"#,
            expected: #"{"a": 1, "x": 0, "c": 2}"#),
        MergeExample(
            name: "ours' order wins when both reorder",
            base: #"{"a": 1, "b": 1, "c": 1}"#, ours: #"{"c": 1, "b": 1, "a": 2}"#,
            theirs: #"{"b": 1, "a": 1, "c": 3}"#, expected: #"{"c": 3, "b": 1, "a": 2}"#),
    ]

    @Test(arguments: orderExamples)
    func ordersMembers(_ example: MergeExample) throws {
        try example.verify()
    }

    /// A conflict record carries the three values, with absent sides as nil.
    @Test func conflictRecordsValues() throws {
        let result = JSONMerge.merge(
            base: try json(#"{"a": 1, "b": 1}"#), ours: try json(#"{"a": 2}"#), theirs: try json(#"{"a": 3, "b": 2}"#))
        #expect(
            result.conflicts == [
                MergeConflict(pointer: "/a", kind: .bothModified, base: 1, ours: 2, theirs: 3),
                MergeConflict(pointer: "/b", kind: .deleteModify, base: 1, ours: nil, theirs: 2),
            ])
        #expect(!result.isClean)
    }

    @Test func laterTimestampNeedsARule() throws {
        let example = MergeExample(
            name: "generic rules never pick a timestamp",
            base: #"{"readBy": {"u": "2024-01-01"}}"#, ours: #"{"readBy": {"u": "2024-01-02"}}"#,
            theirs: #"{"readBy": {"u": "2024-01-03"}}"#, expected: #"{"readBy": {"u": "2024-01-02"}}"#,
            conflicts: ["/readBy/u bothModified"])
        try example.verify()
    }
}
