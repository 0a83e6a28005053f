import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Share and import")
struct ShareTests {
    /// A team repository with a Slack flow pushed to a bare remote, and another team's workspace.
    func teams() throws -> (TemporaryDirectory, TestWorkspace, Workspace, TestWorkspace, Workspace) {
        let remote = try TemporaryDirectory()
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", remote.child("a.git")], in: remote.path).status == 0)
        let a = try TestWorkspace()
        let workspaceA = try a.open()
        try workspaceA.createFlow(name: "Video alerts", type: nil, template: "slack-new-videos")
        try workspaceA.addConnection(app: "slack", name: "Team", settings: [:], secrets: ["webhookURL": "https://hooks.example/SECRET"])
        try workspaceA.connectBlock(flow: "video-alerts", block: "alert", connection: "Team")
        try workspaceA.setFlowSecret("video-alerts", key: "token", value: "PLAINTEXT-TOKEN")
        try workspaceA.addRemote(name: "origin", url: remote.child("a.git"))
        _ = try workspaceA.sync()
        let b = try TestWorkspace()
        return (remote, a, workspaceA, b, try b.open())
    }

    @Test("a shared flow arrives with its id, disabled, without bindings or secret values, and says what it needs")
    func shareAndImport() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        let originalID = try a.flow("video-alerts").flow.id
        let link = try a.share("video-alerts")
        #expect(link.description.hasPrefix("sluice-flow:") && link.flow == originalID)
        #expect(FlowLink(link.description) == link)
        let report = try workspaceB.importFlow(link)
        #expect(report.flow == originalID)
        #expect(report.requirements == ["a slack connection for block \"alert\" (`sluice flows connect`)"])
        let imported = try workspaceB.flow(originalID).flow
        #expect(!imported.enabled)
        #expect(imported.blocks?.allSatisfy { $0.connection == nil } == true)
        #expect(imported.source?.flow == originalID && imported.source?.environment == "production")
        #expect(!(try b.allObjectContents()).contains("PLAINTEXT-TOKEN"))
        #expect(!FileManager.default.fileExists(atPath: b.root + "/flows/video-alerts/secrets.json"))
        expectWorkspaceError(containing: "is here already") { _ = try workspaceB.importFlow(link) }
        try b.expectCleanAndSound()
    }

    @Test("--update merges upstream changes with local edits three-way")
    func update() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        _ = try workspaceB.importFlow(try a.share("video-alerts"))
        try workspaceB.setFlowFavorite("video-alerts", true)
        try a.updateFlow("video-alerts", message: { "edit \($0.name)" }) { flow in
            flow.blocks?[1].config = ["text": "A new video: {{trigger.asset.publicId}}"]
        }
        _ = try a.sync()
        let report = try workspaceB.updateImportedFlow("video-alerts")
        #expect(report.updated && report.conflicts.isEmpty)
        let flow = try workspaceB.flow("video-alerts").flow
        #expect(flow.favorite)
        #expect(flow.blocks?[1].config["text"] == "A new video: {{trigger.asset.publicId}}")
        try b.expectCleanAndSound()

        try workspaceB.updateFlow("video-alerts", message: { "local \($0.name)" }) { $0.blocks?[1].config = ["text": "Local text"] }
        try a.updateFlow("video-alerts", message: { "upstream \($0.name)" }) { $0.blocks?[1].config = ["text": "Upstream text"] }
        _ = try a.sync()
        try a.updateFlow("video-alerts", message: { "upstream \($0.name)" }) { $0.description = "Posts new videos" }
        _ = try a.sync()
        let conflicted = try workspaceB.updateImportedFlow("video-alerts")
        #expect(!conflicted.updated && conflicted.stopped && conflicted.conflicts.map(\.pointer.description) == ["/blocks/1/config/text"])
        // Stopped like a sync: ours kept at the conflict, the clean upstream change applied, nothing committed.
        let pending = try workspaceB.flow("video-alerts").flow
        #expect(pending.blocks?[1].config["text"] == "Local text" && pending.description == "Posts new videos")
        #expect(try b.subjects().first == "local Video alerts")
        #expect(try workspaceB.openConflicts().map(\.path) == ["flows/video-alerts/flow.json"])
        expectWorkspaceError(containing: "conflict(s) left") { _ = try workspaceB.continueSync() }

        try workspaceB.resolve(document: "flows/video-alerts/flow.json", pointer: "/blocks/1/config/text", with: .theirs)
        let finished = try workspaceB.continueSync()
        #expect(finished.outcome == "imported")
        let merged = try workspaceB.flow("video-alerts").flow
        #expect(merged.blocks?[1].config["text"] == "Upstream text" && merged.description == "Posts new videos")
        let subject = try #require(try b.subjects().first)
        #expect(subject.hasPrefix("import: update flows/video-alerts/flow.json from ") && subject.hasSuffix("a.git (conflicts resolved)"))
        try b.expectCleanAndSound()
        // The next update starts from the version just merged: nothing new upstream, nothing to merge.
        let again = try workspaceB.updateImportedFlow("video-alerts")
        #expect(again.conflicts.isEmpty && !again.stopped)
    }

    @Test("an import update stopped on conflicts can be aborted, leaving the flow as it was")
    func abortUpdate() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        _ = try workspaceB.importFlow(try a.share("video-alerts"))
        try workspaceB.updateFlow("video-alerts", message: { "local \($0.name)" }) { $0.blocks?[1].config = ["text": "Local text"] }
        try a.updateFlow("video-alerts", message: { "upstream \($0.name)" }) { $0.blocks?[1].config = ["text": "Upstream text"] }
        _ = try a.sync()
        let before = try b.read("flows/video-alerts/flow.json")
        #expect(try workspaceB.updateImportedFlow("video-alerts").stopped)
        expectWorkspaceError(containing: "a sync is waiting") { _ = try workspaceB.createFlow(name: "Other", type: .power) }
        try workspaceB.abortSync()
        #expect(try b.read("flows/video-alerts/flow.json") == before)
        #expect(try workspaceB.openConflicts().isEmpty)
        try b.expectCleanAndSound()
    }
}
