import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMerge

/// Arrays of objects with unique string ids merge element by element.
@Suite struct IDArrayMergeTests {
    static let examples: [MergeExample] = [
        MergeExample(
            name: "edits of different elements combine",
            base: #"{"l": [{"id": "a", "v": 1}, {"id": "b", "v": 1}]}"#,
            ours: #"{"l": [{"id": "a", "v": 2}, {"id": "b", "v": 1}]}"#,
            theirs: #"{"l": [{"id": "a", "v": 1}, {"id": "b", "v": 2}]}"#,
            expected: #"{"l": [{"id": "a", "v": 2}, {"id": "b", "v": 2}]}"#),
        MergeExample(
            name: "edits of different members of one element combine",
            base: #"{"l": [{"id": "a", "v": 1, "w": 1}]}"#, ours: #"{"l": [{"id": "a", "v": 2, "w": 1}]}"#,
            theirs: #"{"l": [{"id": "a", "v": 1, "w": 2}]}"#, expected: #"{"l": [{"id": "a", "v": 2, "w": 2}]}"#),
        MergeExample(
            name: "additions of both sides: theirs right after its predecessor in theirs",
            base: #"[{"id": "a"}, {"id": "b"}]"#, ours: #"[{"id": "a"}, {"id": "b"}, {"id": "d"}]"#,
            theirs: #"[{"id": "a"}, {"id": "c"}, {"id": "b"}]"#,
            expected: #"[{"id": "a"}, {"id": "c"}, {"id": "b"}, {"id": "d"}]"#),
        MergeExample(
            name: "theirs' addition without predecessor goes first",
            base: #"[{"id": "a"}]"#, ours: #"[{"id": "a"}, {"id": "o"}]"#, theirs: #"[{"id": "t"}, {"id": "a"}]"#,
            expected: #"[{"id": "t"}, {"id": "a"}, {"id": "o"}]"#),
        MergeExample(
            name: "only theirs reordered: theirs' order, ours' edits and additions kept",
            base: #"[{"id": "a"}, {"id": "b", "v": 1}, {"id": "c"}]"#,
            ours: #"[{"id": "a"}, {"id": "b", "v": 2}, {"id": "n"}, {"id": "c"}]"#,
            theirs: #"[{"id": "c"}, {"id": "b", "v": 1}, {"id": "a"}]"#,
            expected: #"[{"id": "c"}, {"id": "b", "v": 2}, {"id": "n"}, {"id": "a"}]"#),
        MergeExample(
            name: "only ours reordered: ours' order with theirs' edits",
            base: #"[{"id": "a"}, {"id": "b"}, {"id": "c", "v": 1}]"#,
            ours: #"[{"id": "b"}, {"id": "a"}, {"id": "c", "v": 1}]"#,
            theirs: #"[{"id": "a"}, {"id": "b"}, {"id": "c", "v": 2}, {"id": "d"}]"#,
            expected: #"[{"id": "b"}, {"id": "a"}, {"id": "c", "v": 2}, {"id": "d"}]"#),
        MergeExample(
            name: "both reordered: ours' order, no conflict",
            base: #"[{"id": "a"}, {"id": "b"}, {"id": "c"}]"#, ours: #"[{"id": "c"}, {"id": "a"}, {"id": "b"}]"#,
            theirs: #"[{"id": "b"}, {"id": "c"}, {"id": "a"}]"#,
            expected: #"[{"id": "c"}, {"id": "a"}, {"id": "b"}]"#),
        MergeExample(
            name: "deleted on one side, unchanged on the other: deleted",
            base: #"[{"id": "a"}, {"id": "b", "v": 1}]"#, ours: #"[{"id": "a", "x": 1}, {"id": "b", "v": 1}]"#,
            theirs: #"[{"id": "a"}]"#, expected: #"[{"id": "a", "x": 1}]"#),
        MergeExample(
            name: "ours deleted, theirs modified: stays deleted, pointer is the index it would have",
            base: #"[{"id": "a"}, {"id": "b", "v": 1}, {"id": "c"}]"#, ours: #"[{"id": "a"}, {"id": "c", "x": 1}]"#,
            theirs: #"[{"id": "a"}, {"id": "b", "v": 2}, {"id": "c"}]"#,
            expected: #"[{"id": "a"}, {"id": "c", "x": 1}]"#, conflicts: ["/1 deleteModify"]),
        MergeExample(
            name: "theirs deleted, ours modified: ours kept",
            base: #"{"l": [{"id": "a", "v": 1}, {"id": "b"}]}"#, ours: #"{"l": [{"id": "a", "v": 2}, {"id": "b"}]}"#,
            theirs: #"{"l": [{"id": "b"}, {"id": "c"}]}"#,
            expected: #"{"l": [{"id": "a", "v": 2}, {"id": "b"}, {"id": "c"}]}"#, conflicts: ["/l/0 deleteModify"]),
        MergeExample(
            name: "the same id added on both sides merges as an add/add",
            base: #"[{"id": "a"}]"#, ours: #"[{"id": "a"}, {"id": "n", "x": 1, "s": 1}]"#,
            theirs: #"[{"id": "a"}, {"id": "n", "y": 2, "s": 2}]"#,
            expected: #"[{"id": "a"}, {"id": "n", "x": 1, "y": 2, "s": 1}]"#, conflicts: ["/1/s addAdd"]),
        MergeExample(
            name: "conflict pointers use the index in the merged array",
            base: #"[{"id": "a"}, {"id": "b", "v": 1}]"#,
            ours: #"[{"id": "n"}, {"id": "a"}, {"id": "b", "v": 2}]"#,
            theirs: #"[{"id": "a"}, {"id": "b", "v": 3}]"#,
            expected: #"[{"id": "n"}, {"id": "a"}, {"id": "b", "v": 2}]"#, conflicts: ["/2/v bothModified"]),
        MergeExample(
            name: "arrays added on both sides merge by id; ours' elements first, then theirs'",
            base: #"{}"#, ours: #"{"l": [{"id": "a"}]}"#, theirs: #"{"l": [{"id": "b"}, {"id": "c"}]}"#,
            expected: #"{"l": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}"#),
    ]

    @Test(arguments: examples)
    func merges(_ example: MergeExample) throws {
        try example.verify()
    }

    /// Without usable ids on every side the array merges as a sequence, where two different
    /// replacements of one element conflict instead of merging by member.
    static let fallbackExamples: [MergeExample] = [
        MergeExample(
            name: "an element without id", base: #"[{"id": "a", "v": 1}, {"v": 0}]"#,
            ours: #"[{"id": "a", "v": 2}, {"v": 0}]"#, theirs: #"[{"id": "a", "v": 3}, {"v": 0}]"#,
            expected: #"[{"id": "a", "v": 2}, {"v": 0}]"#, conflicts: [" sequence"]),
        MergeExample(
            name: "a repeated id on one side", base: #"[{"id": "a", "v": 1}]"#,
            ours: #"[{"id": "a", "v": 2}]"#, theirs: #"[{"id": "a", "v": 3}, {"id": "a", "v": 4}]"#,
            expected: #"[{"id": "a", "v": 2}]"#, conflicts: [" sequence"]),
        MergeExample(
            name: "a number id", base: #"[{"id": 1, "v": 1}]"#, ours: #"[{"id": 1, "v": 2}]"#,
            theirs: #"[{"id": 1, "v": 3}]"#, expected: #"[{"id": 1, "v": 2}]"#, conflicts: [" sequence"]),
        MergeExample(
            name: "a base without usable ids", base: #"[{"id": "a", "v": 1}, 7]"#, ours: #"[{"id": "a", "v": 2}, 7]"#,
            theirs: #"[{"id": "a", "v": 1}, 8]"#, expected: #"[{"id": "a", "v": 2}, 8]"#),
    ]

    @Test(arguments: fallbackExamples)
    func fallsBackToSequence(_ example: MergeExample) throws {
        try example.verify()
    }

    /// Many elements, every side editing different ones: linear lookups keep this fast.
    @Test func largeArraysMerge() throws {
        let count = 3_000
        func element(_ index: Int, _ value: Int) -> JSONValue {
            ["id": .string("e\(index)"), "v": .number(JSONNumber(value))]
        }
        let base = JSONValue.array((0..<count).map { element($0, 0) })
        let ours = JSONValue.array((0..<count).map { element($0, $0.isMultiple(of: 2) ? 1 : 0) })
        let theirs = JSONValue.array((0..<count).reversed().map { element($0, $0.isMultiple(of: 3) ? 2 : 0) })
        let result = JSONMerge.merge(base: base, ours: ours, theirs: theirs)
        let elements = try #require(result.value?.arrayValue)
        #expect(elements.count == count)
        #expect(elements.first?["id"] == "e2999", "theirs alone reordered, so theirs' order")
        #expect(result.conflicts.count == (0..<count).filter { $0.isMultiple(of: 6) }.count)
        #expect(result.conflicts.allSatisfy { $0.kind == .bothModified })
    }
}
