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
        let created = try FlowService(workspace).create(name: "Tag uploads", type: nil, template: "tag-by-folder")
        #expect(created.path == "flows/tag-uploads/flow.json")
        try FlowService(workspace).setEnabled("tag-uploads", true)
        try FlowService(workspace).setFavorite("Tag uploads", true)
        try FlowService(workspace).setErrorNotification(created.flow.id, url: "https://hooks.example.com/fail")
        try FlowService(workspace).setVariable("tag-uploads", key: "label", value: "product")
        let renamed = try FlowService(workspace).rename("tag-uploads", to: "Tag product uploads")
        try FlowService(workspace).setEnabled("tag-product-uploads", false)
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
        let flow = try FlowService(workspace).detail(created.flow.id).flow
        #expect(flow.name == "Tag product uploads")
        #expect(flow.favorite && !flow.enabled)
        #expect(flow.errorNotification?.url == "https://hooks.example.com/fail")
        #expect(flow.variables?["label"] == "product")
        #expect(try WorkspaceService(workspace).validate().isEmpty)
    }

    @Test("flows are found by id, slug or unique name; ambiguity and absence are explained")
    func lookup() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let a = try FlowService(workspace).create(name: "Same", type: .power)
        let b = try FlowService(workspace).create(name: "same", type: .easy)
        #expect(b.slug == "same-2")
        #expect(try FlowService(workspace).detail(a.flow.id).slug == "same")
        #expect(try FlowService(workspace).detail("same-2").flow.id == b.flow.id)
        expectWorkspaceError(containing: "matches several flows") { _ = try FlowService(workspace).detail("SAME") }
        expectWorkspaceError(containing: "no flow matches \"nope\"") { _ = try FlowService(workspace).detail("nope") }
    }

    @Test("duplicate gives new ids to the flow and its blocks and rewrites references, disabled")
    func duplicate() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let original = try FlowService(workspace).create(name: "Variants", type: .power, template: "web-variants")
        try FlowService(workspace).setEnabled("variants", true)
        let copy = try FlowService(workspace).duplicate("variants")
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
        let problems = try WorkspaceService(workspace).validate()
        #expect(problems.isEmpty, "\(problems)")
        try test.expectCleanAndSound()
    }

    @Test("delete removes the flow and its secrets in one commit")
    func delete() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Doomed", type: .power)
        try FlowService(workspace).setSecret("doomed", key: "token", value: "abc")
        try FlowService(workspace).delete("Doomed")
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
        try FlowService(workspace).create(name: "Keep", type: .power)
        let before = try test.read("flows/keep/flow.json")
        let head = try test.git("rev-parse", "HEAD").stdout
        expectWorkspaceError(containing: "must not contain '/'") { try FlowService(workspace).rename("keep", to: "../evil") }
        expectWorkspaceError(containing: "control, bidirectional or invisible characters") {
            try FlowService(workspace).create(name: "a\u{1b}[31m", type: .power)
        }
        expectWorkspaceError(containing: "unknown template") { try FlowService(workspace).create(name: "X", type: nil, template: "nope") }
        expectWorkspaceError(containing: "is a power flow, not easy") {
            try FlowService(workspace).create(name: "X", type: .easy, template: "tag-by-folder")
        }
        expectWorkspaceError(containing: "absolute http or https URL") { try FlowService(workspace).setErrorNotification("keep", url: "ftp://x") }
        expectWorkspaceError(containing: "must start with a letter") { try FlowService(workspace).setVariable("keep", key: "1x", value: "v") }
        expectWorkspaceError(containing: "no variable matches") { try FlowService(workspace).unsetVariable("keep", key: "missing") }
        #expect(try test.read("flows/keep/flow.json") == before)
        #expect(try test.git("rev-parse", "HEAD").stdout == head)
        try test.expectCleanAndSound()
    }

    @Test("a flow whose secrets file is a symbolic link cannot be renamed: the link's target is never copied into git")
    func linkedSecrets() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Keep", type: .power)
        let outside = test.directory.child("outside.json")
        try Data("{\"private\": \"OUTSIDE-CONTENT\"}".utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: test.root + "/flows/keep/secrets.json", withDestinationPath: outside)
        expectWorkspaceError(containing: "symbolic link") { try FlowService(workspace).rename("keep", to: "Renamed") }
        #expect(!(try test.allObjectContents()).contains("OUTSIDE-CONTENT"))
    }

    @Test("an invalid hand edit is named by other commands, which go on with the valid flows")
    func invalidHandEdit() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Good", type: .power)
        try FlowService(workspace).create(name: "Broken", type: .power)
        try test.write("flows/broken/flow.json", "{ \"kind\": \"flow\", ")
        let summaries = try FlowService(workspace).list()
        #expect(summaries.count == 2)
        let broken = try #require(summaries.first { $0.slug == "broken" })
        #expect(!broken.valid)
        #expect(broken.problem?.hasPrefix("flows/broken/flow.json:1:") == true)
        try FlowService(workspace).setEnabled("good", true)
        expectWorkspaceError(containing: "flows/broken/flow.json:1:") { try FlowService(workspace).setEnabled("broken", true) }
        expectWorkspaceError(containing: "flows/broken/flow.json") { _ = try WorkspaceService(workspace).commit(message: "edit") }
        #expect(try test.subjects().first == "flows: enable \"Good\"")
        #expect(try test.git("status", "--porcelain").stdout == " M flows/broken/flow.json\n")
    }

    @Test("valid hand edits are committed by commit; fmt makes documents canonical")
    func handEditsAndFormat() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Edit me", type: .power)
        var text = try test.read("flows/edit-me/flow.json")
        text = text.replacingOccurrences(of: "\"favorite\": false", with: "\"favorite\":true")
        try test.write("flows/edit-me/flow.json", text)
        #expect(try WorkspaceService(workspace).format(check: true).reformatted == ["flows/edit-me/flow.json"])
        let commit = try WorkspaceService(workspace).commit(message: "mark favorite by hand")
        #expect(commit != nil)
        #expect(try test.subjects().first == "mark favorite by hand")
        try test.expectCleanAndSound()
        let result = try WorkspaceService(workspace).format(check: false)
        #expect(result.reformatted == ["flows/edit-me/flow.json"])
        #expect(try test.subjects().first == "fmt: canonical form for 1 document")
        #expect(try WorkspaceService(workspace).format(check: true).reformatted.isEmpty)
        #expect(try FlowService(workspace).detail("edit-me").flow.favorite)
        try test.expectCleanAndSound()
    }
}

@Suite("Status")
struct StatusTests {
    @Test("status names the environment, the last commit, uncommitted edits and invalid documents")
    func status() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "A", type: .power)
        var status = try WorkspaceService(workspace).status()
        #expect(status.environment == "production")
        #expect(status.headSummary == "flows: create \"A\"")
        #expect(status.changes.isEmpty && status.problems.isEmpty)
        try test.write("flows/a/flow.json", "[]")
        try test.write("flows/b/flow.json", "{}")
        status = try WorkspaceService(workspace).status()
        #expect(status.changes.map(\.path).sorted() == ["flows/a/flow.json", "flows/b/flow.json"], "\(status.changes)")
        #expect(status.changes.allSatisfy { !$0.valid })
        #expect(Set(status.changes.map(\.change)) == ["modified", "untracked"])
        #expect(status.errors >= 2)
        #expect(status.problems.contains { $0.hasPrefix("flows/a/flow.json:1:1: /: expected a JSON object, found array") })
    }
}
