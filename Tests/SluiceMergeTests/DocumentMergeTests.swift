import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMerge

/// Whole documents that are absent on some side (added, deleted, delete/modify at the root).
@Suite struct DocumentMergeTests {
    static let examples: [MergeExample] = [
        MergeExample(name: "absent everywhere stays absent", base: nil, ours: nil, theirs: nil, expected: nil),
        MergeExample(
            name: "added by theirs only", base: nil, ours: nil, theirs: #"{"a": 1}"#, expected: #"{"a": 1}"#),
        MergeExample(name: "added by ours only", base: nil, ours: #"[1]"#, theirs: nil, expected: #"[1]"#),
        MergeExample(
            name: "deleted by ours, unchanged by theirs", base: #"{"a": 1}"#, ours: nil, theirs: #"{"a": 1.00}"#,
            expected: nil),
        MergeExample(
            name: "deleted by theirs, unchanged by ours", base: #"{"a": 1}"#, ours: #"{"a": 1}"#, theirs: nil,
            expected: nil),
        MergeExample(name: "deleted by both", base: #"{"a": 1}"#, ours: nil, theirs: nil, expected: nil),
        MergeExample(
            name: "deleted by ours, modified by theirs: stays deleted", base: #"{"a": 1}"#, ours: nil,
            theirs: #"{"a": 2}"#, expected: nil, conflicts: [" deleteModify"]),
        MergeExample(
            name: "modified by ours, deleted by theirs: ours kept", base: #"{"a": 1}"#, ours: #"{"a": 2}"#,
            theirs: nil, expected: #"{"a": 2}"#, conflicts: [" deleteModify"]),
        MergeExample(
            name: "added by both: merged as objects with an empty base", base: nil,
            ours: #"{"kind": "x", "a": 1, "c": 1}"#, theirs: #"{"kind": "x", "b": 2, "c": 2}"#,
            expected: #"{"kind": "x", "a": 1, "b": 2, "c": 1}"#, conflicts: ["/c addAdd"]),
        MergeExample(
            name: "added by both as different scalars", base: nil, ours: "1", theirs: "2", expected: "1",
            conflicts: [" addAdd"]),
        MergeExample(
            name: "scalar documents with one change", base: #""x""#, ours: #""x""#, theirs: #""y""#,
            expected: #""y""#),
    ]

    @Test(arguments: examples)
    func merges(_ example: MergeExample) throws {
        try example.verify()
    }

    @Test func rootConflictRecordsTheDocuments() throws {
        let result = JSONMerge.merge(base: try json(#"{"a": 1}"#), ours: nil, theirs: try json(#"{"a": 2}"#))
        let conflict = try #require(result.conflicts.first)
        #expect(conflict.pointer == .root)
        #expect(conflict.base == ["a": 1])
        #expect(conflict.ours == nil)
        #expect(conflict.theirs == ["a": 2])
        #expect(result.value == nil)
    }
}
