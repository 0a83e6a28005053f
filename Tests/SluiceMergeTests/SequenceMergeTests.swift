import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMerge

/// Arrays without ids merge as sequences (diff3 over whole elements).
@Suite struct SequenceMergeTests {
    static let examples: [MergeExample] = [
        MergeExample(
            name: "both append: ours' elements first, then theirs'",
            base: #"{"tags": ["a"]}"#, ours: #"{"tags": ["a", "b"]}"#, theirs: #"{"tags": ["a", "c"]}"#,
            expected: #"{"tags": ["a", "b", "c"]}"#),
        MergeExample(
            name: "an element both appended is kept once",
            base: #"["a"]"#, ours: #"["a", "b", "c"]"#, theirs: #"["a", "c", "d"]"#, expected: #"["a", "b", "c", "d"]"#),
        MergeExample(
            name: "both insert at the front", base: #"[1]"#, ours: #"[2, 1]"#, theirs: #"[3, 1]"#,
            expected: #"[2, 3, 1]"#),
        MergeExample(
            name: "interleaved edits separated by unchanged elements combine",
            base: #"[1, 2, 3, 4, 5]"#, ours: #"[1, 20, 3, 4, 5]"#, theirs: #"[1, 2, 3, 40, 5, 6]"#,
            expected: #"[1, 20, 3, 40, 5, 6]"#),
        MergeExample(
            name: "edits of neighbouring elements combine",
            base: #"[1, 2, 3]"#, ours: #"[1, 20, 3]"#, theirs: #"[1, 2, 30]"#, expected: #"[1, 20, 30]"#),
        MergeExample(
            name: "deletions of different elements combine",
            base: #"["a", "b", "c", "d"]"#, ours: #"["b", "c", "d"]"#, theirs: #"["a", "b", "c"]"#,
            expected: #"["b", "c"]"#),
        MergeExample(
            name: "an insertion next to an element the other side deleted",
            base: #"[1, 2, 3]"#, ours: #"[1, "x", 2, 3]"#, theirs: #"[1, 3]"#, expected: #"[1, "x", 3]"#),
        MergeExample(
            name: "identical edits count once",
            base: #"[1, 2, 3]"#, ours: #"[1, 3]"#, theirs: #"[1, 3, 4]"#, expected: #"[1, 3, 4]"#),
        MergeExample(
            name: "different replacements of one element conflict on the whole array",
            base: #"{"t": [1, 2, 3]}"#, ours: #"{"t": [1, 20, 3]}"#, theirs: #"{"t": [1, 21, 3]}"#,
            expected: #"{"t": [1, 20, 3]}"#, conflicts: ["/t sequence"]),
        MergeExample(
            name: "a deletion against a replacement conflicts",
            base: #"[1, 2, 3]"#, ours: #"[1, 3]"#, theirs: #"[1, 22, 3]"#, expected: #"[1, 3]"#,
            conflicts: [" sequence"]),
        MergeExample(
            name: "an insertion inside a range the other side replaced conflicts",
            base: #"[1, 2, 3, 4]"#, ours: #"[1, 2, "x", 3, 4]"#, theirs: #"[1, 9, 4]"#,
            expected: #"[1, 2, "x", 3, 4]"#, conflicts: [" sequence"]),
        MergeExample(
            name: "arrays added on both sides combine as insertions",
            base: #"{}"#, ours: #"{"t": [1, 2]}"#, theirs: #"{"t": [2, 3]}"#, expected: #"{"t": [1, 2, 3]}"#),
        MergeExample(
            name: "elements compare by JSON value",
            base: #"[{"a": 1, "b": 2}]"#, ours: #"[{"b": 2.0, "a": 1}, "o"]"#, theirs: #"[{"a": 1, "b": 2}, "t"]"#,
            expected: #"[{"a": 1, "b": 2}, "o", "t"]"#),
        MergeExample(
            name: "objects without ids are whole elements",
            base: #"[{"v": 1}, {"v": 2}]"#, ours: #"[{"v": 1}, {"v": 2}, {"v": 3}]"#, theirs: #"[{"v": 2}]"#,
            expected: #"[{"v": 2}, {"v": 3}]"#),
        MergeExample(
            name: "an overlapping conflict keeps ours even with other clean hunks",
            base: #"[1, 2, 3, 4, 5]"#, ours: #"[0, 1, 20, 3, 4, 5]"#, theirs: #"[1, 21, 3, 4]"#,
            expected: #"[0, 1, 20, 3, 4, 5]"#, conflicts: [" sequence"]),
    ]

    @Test(arguments: examples)
    func merges(_ example: MergeExample) throws {
        try example.verify()
    }

    @Test func sequenceConflictRecordsTheArrays() throws {
        let result = JSONMerge.merge(base: [1, 2], ours: [1, 3], theirs: [1, 4])
        #expect(result.conflicts == [MergeConflict(pointer: .root, kind: .sequence, base: [1, 2], ours: [1, 3], theirs: [1, 4])])
    }

    @Test func absentBaseIsRecordedAsAbsent() throws {
        let result = JSONMerge.merge(base: [:], ours: ["t": [1, 2]], theirs: ["t": [3]])
        #expect(result.value == ["t": [1, 2, 3]])
        let overlapping = JSONMerge.merge(base: ["t": [0]], ours: ["t": [1]], theirs: ["t": [2]])
        #expect(overlapping.conflicts.first?.base == [0])
    }

    /// Long arrays with edits far apart are diffed, not replaced wholesale.
    @Test func longArraysMergeEditsFarApart() {
        let base = (0..<5_000).map { JSONValue.number(JSONNumber($0)) }
        var ours = base
        ours[10] = "ours"
        ours.insert("inserted", at: 2_500)
        var theirs = base
        theirs[4_990] = "theirs"
        theirs.remove(at: 1_000)
        var expected = base
        expected[10] = "ours"
        expected[4_990] = "theirs"
        expected.insert("inserted", at: 2_500)
        expected.remove(at: 1_000)
        let result = JSONMerge.merge(base: .array(base), ours: .array(ours), theirs: .array(theirs))
        #expect(result.isClean)
        #expect(result.value == .array(expected))
    }
}

extension SequenceMergeTests {
    /// Past `SequenceDiff.maxEditDistance` the differing middle becomes one hunk: still a
    /// correct merge, only coarser.
    @Test func veryDifferentArraysStillMerge() {
        let base = (0..<3_000).map { JSONValue.number(JSONNumber($0)) }
        let ours = Array(base.reversed())
        let theirs = base + ["appended"]
        let result = JSONMerge.merge(base: .array(base), ours: .array(ours), theirs: .array(theirs))
        #expect(result.isClean)
        #expect(result.value == .array(ours + ["appended"]))
        let conflicting = JSONMerge.merge(base: .array(base), ours: .array(ours), theirs: .array(Array(base.dropFirst())))
        #expect(conflicting.conflicts.map(\.kind) == [.sequence])
    }
}

/// The diff under the sequence merge.
@Suite struct SequenceDiffTests {
    @Test func hunksDescribeTheEdits() {
        let hunks = SequenceDiff.hunks(from: [1, 2, 3, 4, 5], to: [1, 9, 3, 5, 6])
        #expect(
            hunks == [
                .init(baseRange: 1..<2, sideRange: 1..<2),
                .init(baseRange: 3..<4, sideRange: 3..<3),
                .init(baseRange: 5..<5, sideRange: 4..<5),
            ])
    }

    @Test func identicalSequencesHaveNoHunks() {
        #expect(SequenceDiff.hunks(from: [1, 2, 3], to: [1, 2, 3]).isEmpty)
        #expect(SequenceDiff.hunks(from: [], to: []).isEmpty)
    }

    @Test func emptyBaseIsOneInsertion() {
        #expect(SequenceDiff.hunks(from: [], to: [4, 5]) == [.init(baseRange: 0..<0, sideRange: 0..<2)])
    }
}
