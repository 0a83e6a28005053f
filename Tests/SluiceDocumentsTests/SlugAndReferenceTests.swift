import SluiceJSON
import Testing

@testable import SluiceDocuments

@Suite("Slugs, names and dynamic values")
struct SlugAndReferenceTests {
    @Test(arguments: [
        ("Tag uploads", "tag-uploads"), ("  Résumé  Photos!! ", "r-sum-photos"), ("日本語", "flow"), ("A/B..C", "a-b-c"),
        ("../../etc/passwd", "etc-passwd"), ("UPPER_case 42", "upper-case-42"),
    ])
    func slug(name: String, expected: String) {
        #expect(Slug.make(from: name, fallback: "flow") == expected)
    }

    @Test("unique slugs count up")
    func unique() {
        #expect(Slug.unique("a", taken: ["a", "a-2"]) == "a-3")
        #expect(Slug.unique("b", taken: ["a"]) == "b")
    }

    /// Names that would make unsafe paths or unreadable listings are refused with a reason.
    @Test(arguments: ["", "   ", "..", ".", "a/b", "a\\b", "bell\u{07}", "tab\tname", String(repeating: "x", count: 201)])
    func badNames(name: String) {
        #expect(Slug.problem(withName: name) != nil)
    }

    @Test(arguments: ["Tag uploads", "Résumé photos", "v2.0 release"])
    func goodNames(name: String) {
        #expect(Slug.problem(withName: name) == nil)
    }

    @Test(arguments: ["1abc", "a b", "a.b", "", "é"])
    func badKeys(key: String) {
        #expect(Slug.problem(withKey: key) != nil)
    }

    @Test("dynamic values are found with their pointers and whole-value flag")
    func references() {
        let value: JSONValue = ["a": "{{trigger.asset.publicId}}", "b": ["x {{ vars.k }} y", 3], "c": "plain"]
        let found = DynamicValues.references(in: value)
        #expect(found.count == 2)
        #expect(found[0].pointer == "/a" && found[0].isWholeValue && found[0].namespace == .trigger)
        #expect(found[0].segments == ["asset", "publicId"])
        #expect(found[1].pointer == "/b/0" && !found[1].isWholeValue && found[1].namespace == .vars && found[1].segments == ["k"])
    }

    @Test("paths map to kinds; other paths hold no document")
    func layout() {
        #expect(WorkspaceLayout.kind(at: "sluice.json") == .manifest)
        #expect(WorkspaceLayout.kind(at: "flows/a/flow.json") == .flow)
        #expect(WorkspaceLayout.kind(at: "flows/a/secrets.json") == .flowSecrets)
        #expect(WorkspaceLayout.kind(at: "environment/variables.json") == .environmentVariables)
        #expect(WorkspaceLayout.kind(at: "connections/slack/team.json") == .connection)
        #expect(WorkspaceLayout.kind(at: "notifications/flw_1/notify.json") == .notification)
        #expect(WorkspaceLayout.kind(at: "transformations/thumb.json") == .transformation)
        #expect(WorkspaceLayout.isDocumentFile("transformations/thumb.json") && !WorkspaceLayout.isDocumentFile("transformations/.thumb.json"))
        #expect(WorkspaceLayout.kind(at: "transformations/a/thumb.json") == nil && WorkspaceLayout.kind(at: "transformations/thumb.txt") == nil)
        #expect(WorkspaceLayout.kind(at: "flows/a/b/flow.json") == nil)
        #expect(WorkspaceLayout.kind(at: "flows//flow.json") == nil)
        #expect(WorkspaceLayout.schemaReference(for: .flow, at: "flows/a/flow.json") == "../../schemas/flow.schema.json")
        #expect(WorkspaceLayout.schemaReference(for: .manifest, at: "sluice.json") == "schemas/manifest.schema.json")
        #expect(DocumentKind.flow.portability == .portable)
        #expect(DocumentKind.allCases.filter { $0.portability == .portable } == [.flow, .transformation])
    }
}
