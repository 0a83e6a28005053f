import SluiceJSON
import SluiceMerge
import SluiceSync
import SluiceTestSupport
import Testing

/// The merge rules of each kind of document, as the sync engine passes them to the structural merge.
@Suite struct DocumentMergePolicyTests {
    static let flowExamples: [MergeExample] = [
        MergeExample(
            name: "flow ports merge as sets",
            base: #"{"kind": "flow", "blocks": [{"id": "a", "next": ["b", "c"]}]}"#,
            ours: #"{"kind": "flow", "blocks": [{"id": "a", "next": ["c", "d"]}]}"#,
            theirs: #"{"kind": "flow", "blocks": [{"id": "a", "next": ["b", "e", "c"]}]}"#,
            expected: #"{"kind": "flow", "blocks": [{"id": "a", "next": ["c", "d", "e"]}]}"#, policy: DocumentMergePolicies.flow),
        MergeExample(
            name: "every port of a flow block is a set",
            base: #"{"blocks": [{"id": "if", "then": ["x"], "else": ["y"], "each": [], "onError": []}]}"#,
            ours: #"{"blocks": [{"id": "if", "then": ["x", "p"], "else": [], "each": ["q"], "onError": ["r"]}]}"#,
            theirs: #"{"blocks": [{"id": "if", "then": ["s"], "else": ["y", "t"], "each": ["u"], "onError": ["r"]}]}"#,
            expected: #"{"blocks": [{"id": "if", "then": ["p", "s"], "else": ["t"], "each": ["q", "u"], "onError": ["r"]}]}"#,
            policy: DocumentMergePolicies.flow),
        MergeExample(
            name: "the same edit under the generic rules is a sequence conflict",
            base: #"{"blocks": [{"id": "a", "next": ["b"]}]}"#, ours: #"{"blocks": [{"id": "a", "next": ["c"]}]}"#,
            theirs: #"{"blocks": [{"id": "a", "next": ["d"]}]}"#,
            expected: #"{"blocks": [{"id": "a", "next": ["c"]}]}"#, conflicts: ["/blocks/0/next sequence"]),
        MergeExample(
            name: "other flow arrays keep the generic rules",
            base: #"{"blocks": [{"id": "a", "config": {"tags": ["x"]}}]}"#,
            ours: #"{"blocks": [{"id": "a", "config": {"tags": ["y"]}}]}"#,
            theirs: #"{"blocks": [{"id": "a", "config": {"tags": ["z"]}}]}"#,
            expected: #"{"blocks": [{"id": "a", "config": {"tags": ["y"]}}]}"#,
            conflicts: ["/blocks/0/config/tags sequence"], policy: DocumentMergePolicies.flow),
        MergeExample(
            name: "enabled is an ordinary scalar in flows",
            base: #"{"kind": "flow", "enabled": false}"#, ours: #"{"kind": "flow", "enabled": true}"#,
            theirs: #"{"kind": "flow", "enabled": null}"#, expected: #"{"kind": "flow", "enabled": true}"#,
            conflicts: ["/enabled typeChange"], policy: DocumentMergePolicies.flow),
    ]

    @Test(arguments: flowExamples)
    func flowPolicy(_ example: MergeExample) throws {
        try example.verify()
    }

    static let notificationExamples: [MergeExample] = [
        MergeExample(
            name: "assets are a union by id",
            base: #"{"assets": [{"id": "a"}, {"id": "b", "m": 1}]}"#,
            ours: #"{"assets": [{"id": "a", "m": 2}]}"#,
            theirs: #"{"assets": [{"id": "a"}, {"id": "b", "m": 3}, {"id": "c"}]}"#,
            expected: #"{"assets": [{"id": "a", "m": 2}, {"id": "b", "m": 3}, {"id": "c"}]}"#, policy: DocumentMergePolicies.notification),
        MergeExample(
            name: "assets on both sides merge; viewed marks take the later time",
            base: #"{"assets": [{"id": "a", "viewedBy": {"u1": "2024-05-01T10:00:00Z"}}]}"#,
            ours: #"{"assets": [{"id": "a", "viewedBy": {"u1": "2024-05-03T10:00:00Z", "u2": "2024-05-02T08:00:00Z"}}]}"#,
            theirs: #"{"assets": [{"id": "a", "viewedBy": {"u1": "2024-05-02T10:00:00Z", "u2": "2024-05-02T09:00:00Z"}}]}"#,
            expected: #"{"assets": [{"id": "a", "viewedBy": {"u1": "2024-05-03T10:00:00Z", "u2": "2024-05-02T09:00:00Z"}}]}"#,
            policy: DocumentMergePolicies.notification),
        MergeExample(
            name: "read marks take the later time",
            base: #"{"readBy": {"u1": "2024-05-01T10:00:00Z"}}"#,
            ours: #"{"readBy": {"u1": "2024-05-01T11:00:00Z"}}"#,
            theirs: #"{"readBy": {"u1": "2024-05-01T12:00:00Z", "u2": "2024-05-01T12:00:00Z"}}"#,
            expected: #"{"readBy": {"u1": "2024-05-01T12:00:00Z", "u2": "2024-05-01T12:00:00Z"}}"#,
            policy: DocumentMergePolicies.notification),
        MergeExample(
            name: "a read mark deleted on one side and moved on the other is still a conflict",
            base: #"{"readBy": {"u1": "2024-05-01"}}"#, ours: #"{"readBy": {}}"#,
            theirs: #"{"readBy": {"u1": "2024-05-02"}}"#, expected: #"{"readBy": {}}"#,
            conflicts: ["/readBy/u1 deleteModify"], policy: DocumentMergePolicies.notification),
        MergeExample(
            name: "recipients are a set",
            base: #"{"recipients": ["a", "b"]}"#, ours: #"{"recipients": ["b", "c"]}"#,
            theirs: #"{"recipients": ["a", "b", "d"]}"#, expected: #"{"recipients": ["b", "c", "d"]}"#,
            policy: DocumentMergePolicies.notification),
        MergeExample(
            name: "other notification scalars follow the generic rules",
            base: #"{"title": "t"}"#, ours: #"{"title": "2024-01-01"}"#, theirs: #"{"title": "2024-01-02"}"#,
            expected: #"{"title": "2024-01-01"}"#, conflicts: ["/title bothModified"], policy: DocumentMergePolicies.notification),
    ]

    @Test(arguments: notificationExamples)
    func notificationPolicy(_ example: MergeExample) throws {
        try example.verify()
    }

    @Test(arguments: [
        (#"{"kind": "flow"}"#, "flow"), (#"{"kind": "notification"}"#, "notification"),
        (#"{"kind": "connection"}"#, "generic"), (#"{"kind": 3}"#, "generic"), (#"[1]"#, "generic"),
    ])
    func policyFollowsTheKind(document: String, policy: String) throws {
        #expect(Self.name(of: DocumentMergePolicies.policy(for: DocumentMergePolicies.kind(named: try json(document)))) == policy)
    }

    @Test func absentDocumentGetsTheGenericPolicy() {
        #expect(Self.name(of: DocumentMergePolicies.policy(for: DocumentMergePolicies.kind(named: nil))) == "generic")
    }

    /// Identifies a built-in policy by what it does at the positions that tell them apart.
    private static func name(of policy: MergePolicy) -> String {
        if policy.arrayStrategy(at: ["blocks", "0", "next"]) == .set { return "flow" }
        if policy.arrayStrategy(at: ["assets"]) == .unionByID { return "notification" }
        return policy.isGeneric ? "generic" : "custom"
    }
}
