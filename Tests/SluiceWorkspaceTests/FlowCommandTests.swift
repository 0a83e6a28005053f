import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Flow commands")
struct FlowCommandTests {
    @Test("each change to a flow is one commit that says what changed, and git stays clean")
    func lifecycle() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let created = try workspace.createFlow(name: "Tag uploads", type: nil, template: "tag-by-folder")
        #expect(created.path == "flows/tag-uploads/flow.json")
        try workspace.setFlowEnabled("tag-uploads", true)
        try workspace.setFlowFavorite("Tag uploads", true)
        try workspace.setErrorNotification(created.flow.id, url: "https://hooks.example.com/fail")
        try workspace.setFlowVariable("tag-uploads", key: "label", value: "product")
        let renamed = try workspace.renameFlow("tag-uploads", to: "Tag product uploads")
        try workspace.setFlowEnabled("tag-product-uploads", false)
        #expect(
            try test.subjects() == [
                "flows: disable \"Tag product uploads\"",
                "flows: rename \"Tag uploads\" to \"Tag product uploads\"",
                "flows: set variable label of \"Tag uploads\"",
                "flows: set error notification of \"Tag uploads\"",
                "flows: favorite \"Tag uploads\"",
                "flows: enable \"Tag uploads\"",
                "flows: create \"Tag uploads\" from template tag-by-folder",
                "init: create production environment",
            ])
        try test.expectCleanAndSound()
        #expect(renamed.flow.id == created.flow.id)
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/tag-uploads"))
        let flow = try workspace.flow(created.flow.id).flow
        #expect(flow.name == "Tag product uploads")
        #expect(flow.favorite && !flow.enabled)
        #expect(flow.errorNotification?.url == "https://hooks.example.com/fail")
        #expect(flow.variables?["label"] == "product")
        #expect(workspace.validate().isEmpty)
    }

    @Test("flows are found by id, slug or unique name; ambiguity and absence are explained")
    func lookup() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let a = try workspace.createFlow(name: "Same", type: .power)
        let b = try workspace.createFlow(name: "same", type: .easy)
        #expect(b.slug == "same-2")
        #expect(try workspace.flow(a.flow.id).slug == "same")
        #expect(try workspace.flow("same-2").flow.id == b.flow.id)
        expectWorkspaceError(containing: "matches several flows") { _ = try workspace.flow("SAME") }
        expectWorkspaceError(containing: "no flow matches \"nope\"") { _ = try workspace.flow("nope") }
    }

    @Test("duplicate gives new ids to the flow and its blocks and rewrites references, disabled")
    func duplicate() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let original = try workspace.createFlow(name: "Variants", type: .power, template: "web-variants")
        try workspace.setFlowEnabled("variants", true)
        let copy = try workspace.duplicateFlow("variants")
        #expect(copy.flow.name == "Variants copy")
        #expect(copy.flow.id != original.flow.id)
        #expect(!copy.flow.enabled)
        let oldIDs = Set(original.flow.graph.map(\.id))
        let newIDs = Set(copy.flow.graph.map(\.id))
        #expect(oldIDs.isDisjoint(with: newIDs))
        #expect(newIDs.count == oldIDs.count)
        let store = try #require(copy.flow.blocks?.first { $0.type == "update-contextual-metadata" })
        let large = try #require(copy.flow.blocks?.first { $0.name == "Large WebP" })
        #expect(store.config["values"]?["large"] == .string("{{blocks.\(large.id).output.url}}"))
        #expect(workspace.validate().isEmpty, "\(workspace.validate())")
        try test.expectCleanAndSound()
    }

    @Test("delete removes the flow and its secrets in one commit")
    func delete() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "Doomed", type: .power)
        try workspace.setFlowSecret("doomed", key: "token", value: "abc")
        try workspace.deleteFlow("Doomed")
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/doomed"))
        #expect(try test.subjects().first == "flows: delete \"Doomed\"")
        #expect(try test.git("show", "--stat", "--format=", "HEAD").stdout.contains("flows/doomed/secrets.json"))
        try test.expectCleanAndSound()
    }

    /// Bad input is refused with one line, and nothing already stored changes.
    @Test("bad input changes nothing")
    func badInput() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "Keep", type: .power)
        let before = try test.read("flows/keep/flow.json")
        let head = try test.git("rev-parse", "HEAD").stdout
        expectWorkspaceError(containing: "must not contain '/'") { try workspace.renameFlow("keep", to: "../evil") }
        expectWorkspaceError(containing: "control characters") { try workspace.createFlow(name: "a\u{1b}[31m", type: .power) }
        expectWorkspaceError(containing: "unknown template") { try workspace.createFlow(name: "X", type: nil, template: "nope") }
        expectWorkspaceError(containing: "is a power flow, not easy") { try workspace.createFlow(name: "X", type: .easy, template: "tag-by-folder") }
        expectWorkspaceError(containing: "absolute http or https URL") { try workspace.setErrorNotification("keep", url: "ftp://x") }
        expectWorkspaceError(containing: "must start with a letter") { try workspace.setFlowVariable("keep", key: "1x", value: "v") }
        expectWorkspaceError(containing: "no variable matches") { try workspace.unsetFlowVariable("keep", key: "missing") }
        #expect(try test.read("flows/keep/flow.json") == before)
        #expect(try test.git("rev-parse", "HEAD").stdout == head)
        try test.expectCleanAndSound()
    }

    @Test("an invalid hand edit is named by other commands, which go on with the valid flows")
    func invalidHandEdit() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "Good", type: .power)
        try workspace.createFlow(name: "Broken", type: .power)
        try test.write("flows/broken/flow.json", "{ \"kind\": \"flow\", ")
        let summaries = workspace.flowSummaries()
        #expect(summaries.count == 2)
        let broken = try #require(summaries.first { $0.slug == "broken" })
        #expect(!broken.valid)
        #expect(broken.problem?.hasPrefix("flows/broken/flow.json:1:") == true)
        try workspace.setFlowEnabled("good", true)
        expectWorkspaceError(containing: "flows/broken/flow.json:1:") { try workspace.setFlowEnabled("broken", true) }
        expectWorkspaceError(containing: "flows/broken/flow.json") { _ = try workspace.commitHandEdits(message: "edit") }
        #expect(try test.subjects().first == "flows: enable \"Good\"")
        #expect(try test.git("status", "--porcelain").stdout == " M flows/broken/flow.json\n")
    }

    @Test("valid hand edits are committed by commit; fmt makes documents canonical")
    func handEditsAndFormat() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "Edit me", type: .power)
        var text = try test.read("flows/edit-me/flow.json")
        text = text.replacingOccurrences(of: "\"favorite\": false", with: "\"favorite\":true")
        try test.write("flows/edit-me/flow.json", text)
        #expect(try workspace.format(check: true).reformatted == ["flows/edit-me/flow.json"])
        let commit = try workspace.commitHandEdits(message: "mark favorite by hand")
        #expect(commit != nil)
        #expect(try test.subjects().first == "mark favorite by hand")
        try test.expectCleanAndSound()
        let result = try workspace.format(check: false)
        #expect(result.reformatted == ["flows/edit-me/flow.json"])
        #expect(try test.subjects().first == "fmt: canonical form for 1 document")
        #expect(try workspace.format(check: true).reformatted.isEmpty)
        #expect(try workspace.flow("edit-me").flow.favorite)
        try test.expectCleanAndSound()
    }
}

@Suite("Status")
struct StatusTests {
    @Test("status names the environment, the last commit, uncommitted edits and invalid documents")
    func status() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "A", type: .power)
        var status = try workspace.status()
        #expect(status.environment == "production")
        #expect(status.headSummary == "flows: create \"A\"")
        #expect(status.changes.isEmpty && status.problems.isEmpty)
        try test.write("flows/a/flow.json", "[]")
        try test.write("flows/b/flow.json", "{}")
        status = try workspace.status()
        #expect(status.changes.map(\.path).sorted() == ["flows/a/flow.json", "flows/b/flow.json"], "\(status.changes)")
        #expect(status.changes.allSatisfy { !$0.valid })
        #expect(Set(status.changes.map(\.change)) == ["modified", "untracked"])
        #expect(status.errors >= 2)
        #expect(status.problems.contains { $0.hasPrefix("flows/a/flow.json:1:1: /: expected a JSON object, found array") })
    }
}
