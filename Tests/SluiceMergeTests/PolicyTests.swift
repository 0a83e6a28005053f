import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMerge

/// Policies: rules by pointer pattern, set merges, union by id, later timestamps.
@Suite struct PolicyTests {
    @Test(arguments: [
        ("/x/*", "/x/a", true), ("/x/*", "/x", false), ("/x/*", "/x/a/b", false), ("/*/y", "/3/y", true),
        ("/x/*", "/y/a", false), ("", "", true), ("/a~1b/*", "/a~1b/0", true),
    ])
    func patternsMatchOneTokenPerStar(pattern: String, pointer: String, matches: Bool) throws {
        #expect(PointerPattern(pattern).matches(try JSONPointer(parsing: pointer).tokens) == matches)
    }

    @Test func firstMatchingRuleWins() {
        let policy = MergePolicy(arrayRules: [(pattern: "/l", strategy: .set), (pattern: "/*", strategy: .sequence)])
        #expect(policy.arrayStrategy(at: ["l"]) == .set)
        #expect(policy.arrayStrategy(at: ["m"]) == .sequence)
        #expect(policy.arrayStrategy(at: []) == nil)
    }

    static let customExamples: [MergeExample] = [
        MergeExample(
            name: "a sequence rule overrides ids",
            base: #"{"l": [{"id": "a", "v": 1}]}"#, ours: #"{"l": [{"id": "a", "v": 2}]}"#,
            theirs: #"{"l": [{"id": "a", "v": 3}]}"#, expected: #"{"l": [{"id": "a", "v": 2}]}"#,
            conflicts: ["/l sequence"], policy: MergePolicy(arrayRules: [(pattern: "/l", strategy: .sequence)])),
        MergeExample(
            name: "a union rule without ids falls back to a sequence",
            base: #"{"l": [1, 2]}"#, ours: #"{"l": [1]}"#, theirs: #"{"l": [1, 2, 3]}"#, expected: #"{"l": [1, 3]}"#,
            policy: MergePolicy(arrayRules: [(pattern: "/l", strategy: .unionByID)])),
        MergeExample(
            name: "a set rule on any array, duplicates removed",
            base: #"{"l": [1, 2]}"#, ours: #"{"l": [3, 1, 3]}"#, theirs: #"{"l": [2, 1.0, 4]}"#, expected: #"{"l": [3, 1, 4]}"#,
            policy: MergePolicy(arrayRules: [(pattern: "/l", strategy: .set)])),
        MergeExample(
            name: "a later-timestamp rule on a custom path, also for two additions",
            base: #"{"m": {}}"#, ours: #"{"m": {"k": "b"}}"#, theirs: #"{"m": {"k": "a"}}"#, expected: #"{"m": {"k": "b"}}"#,
            policy: MergePolicy(scalarRules: [(pattern: "/m/*", resolution: .laterTimestamp)])),
        MergeExample(
            name: "a later-timestamp rule ignores non-strings",
            base: #"{"m": {"k": 1}}"#, ours: #"{"m": {"k": 2}}"#, theirs: #"{"m": {"k": 3}}"#, expected: #"{"m": {"k": 2}}"#,
            conflicts: ["/m/k bothModified"],
            policy: MergePolicy(scalarRules: [(pattern: "/m/*", resolution: .laterTimestamp)])),
    ]

    @Test(arguments: customExamples)
    func customPolicies(_ example: MergeExample) throws {
        try example.verify()
    }
}
