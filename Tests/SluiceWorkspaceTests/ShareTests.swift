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
    func teams() throws -> (TemporaryDirectory, TestWorkspace, WorkspaceContext, TestWorkspace, WorkspaceContext) {
        let remote = try TemporaryDirectory()
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", remote.child("a.git")], in: remote.path).status == 0)
        let a = try TestWorkspace()
        let workspaceA = try a.open()
        try FlowService(workspaceA).create(name: "Video alerts", type: nil, template: "slack-new-videos")
        try ConnectionService(workspaceA).add(app: "slack", name: "Team", settings: [:], secrets: ["webhookURL": "https://hooks.example/SECRET"])
        try FlowService(workspaceA).connect(flow: "video-alerts", block: "alert", connection: "Team")
        try FlowService(workspaceA).setSecret("video-alerts", key: "token", value: "PLAINTEXT-TOKEN")
        try SyncService(workspaceA).addRemote(name: "origin", url: remote.child("a.git"))
        _ = try SyncService(workspaceA).sync()
        let b = try TestWorkspace()
        return (remote, a, workspaceA, b, try b.open())
    }

    @Test("a shared flow arrives with its id, disabled, without bindings or secret values, and says what it needs")
    func shareAndImport() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        let originalID = try FlowService(a).detail("video-alerts").flow.id
        let link = try SharingService(a).share("video-alerts")
        #expect(link.description.hasPrefix("sluice-flow:") && link.flow == originalID)
        #expect(FlowLink(link.description) == link)
        let report = try SharingService(workspaceB).importFlow(link)
        #expect(report.flow == originalID)
        #expect(report.requirements == ["a slack connection for block \"alert\" (`sluice flows connect`)"])
        let imported = try FlowService(workspaceB).detail(originalID).flow
        #expect(!imported.enabled)
        #expect(imported.blocks?.allSatisfy { $0.connection == nil } == true)
        #expect(imported.source?.flow == originalID && imported.source?.environment == "production")
        #expect(!(try b.allObjectContents()).contains("PLAINTEXT-TOKEN"))
        #expect(!FileManager.default.fileExists(atPath: b.root + "/flows/video-alerts/secrets.json"))
        expectWorkspaceError(containing: "is here already") { _ = try SharingService(workspaceB).importFlow(link) }
        try b.expectCleanAndSound()
    }

    @Test("a failed import leaves no reference behind, and a repeated one keeps the base of the first; hostile links are refused")
    func failedImport() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        let link = try SharingService(a).share("video-alerts")
        let missing = FlowLink(url: link.url, environment: link.environment, flow: "flw_nothere")
        expectWorkspaceError(containing: "flw_nothere") { _ = try SharingService(workspaceB).importFlow(missing) }
        #expect(try b.git("for-each-ref", "refs/sluice/").stdout.isEmpty)

        _ = try SharingService(workspaceB).importFlow(link)
        let base = try b.git("rev-parse", "refs/sluice/import/\(link.flow)").stdout
        try FlowService(a).rename("video-alerts", to: "Video alerts 2")
        _ = try SyncService(a).sync()
        expectWorkspaceError(containing: "is here already") { _ = try SharingService(workspaceB).importFlow(link) }
        #expect(try b.git("rev-parse", "refs/sluice/import/\(link.flow)").stdout == base)

        for hostile in [
            "sluice-flow:\(link.url)#production/../../heads/production", "sluice-flow:\(link.url)#-x/flw_a", "sluice-flow:\(link.url)#a..b/flw_a",
            "sluice-flow:\(link.url)#production/flw a", "sluice-flow:\(link.url)#prod.lock/flw_a",
        ] {
            #expect(FlowLink(hostile) == nil, "\(hostile)")
        }
    }

    @Test("--update merges upstream changes with local edits three-way")
    func update() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        _ = try SharingService(workspaceB).importFlow(try SharingService(a).share("video-alerts"))
        try FlowService(workspaceB).setFavorite("video-alerts", true)
        try FlowService(a).update("video-alerts", message: { "edit \($0.name)" }) { flow in
            flow.blocks?[1].config = ["text": "A new video: {{trigger.asset.publicId}}"]
        }
        _ = try SyncService(a).sync()
        let report = try SharingService(workspaceB).updateImportedFlow("video-alerts")
        #expect(report.updated && report.conflicts.isEmpty)
        let flow = try FlowService(workspaceB).detail("video-alerts").flow
        #expect(flow.favorite)
        #expect(flow.blocks?[1].config["text"] == "A new video: {{trigger.asset.publicId}}")
        try b.expectCleanAndSound()

        try FlowService(workspaceB).update("video-alerts", message: { "local \($0.name)" }) { $0.blocks?[1].config = ["text": "Local text"] }
        try FlowService(a).update("video-alerts", message: { "upstream \($0.name)" }) { $0.blocks?[1].config = ["text": "Upstream text"] }
        _ = try SyncService(a).sync()
        try FlowService(a).update("video-alerts", message: { "upstream \($0.name)" }) { $0.description = "Posts new videos" }
        _ = try SyncService(a).sync()
        let conflicted = try SharingService(workspaceB).updateImportedFlow("video-alerts")
        #expect(!conflicted.updated && conflicted.stopped && conflicted.conflicts.map(\.pointer.description) == ["/blocks/1/config/text"])
        // Stopped like a sync: ours kept at the conflict, the clean upstream change applied, nothing committed.
        let pending = try FlowService(workspaceB).detail("video-alerts").flow
        #expect(pending.blocks?[1].config["text"] == "Local text" && pending.description == "Posts new videos")
        #expect(try b.subjects().first == "local Video alerts")
        #expect(try SyncService(workspaceB).conflicts().map(\.path) == ["flows/video-alerts/flow.json"])
        expectWorkspaceError(containing: "conflict(s) left") { _ = try SyncService(workspaceB).continueMerge() }

        try SyncService(workspaceB).resolve(document: "flows/video-alerts/flow.json", pointer: "/blocks/1/config/text", with: .theirs)
        let finished = try SyncService(workspaceB).continueMerge()
        #expect(finished.outcome == .imported)
        let merged = try FlowService(workspaceB).detail("video-alerts").flow
        #expect(merged.blocks?[1].config["text"] == "Upstream text" && merged.description == "Posts new videos")
        let subject = try #require(try b.subjects().first)
        #expect(subject.hasPrefix("import: update flows/video-alerts/flow.json from ") && subject.hasSuffix("a.git (conflicts resolved)"))
        try b.expectCleanAndSound()
        // The next update starts from the version just merged: nothing new upstream, nothing to merge.
        let again = try SharingService(workspaceB).updateImportedFlow("video-alerts")
        #expect(again.conflicts.isEmpty && !again.stopped)
    }

    @Test("an import update stopped on conflicts can be aborted, leaving the flow as it was")
    func abortUpdate() throws {
        let (remote, testA, a, b, workspaceB) = try teams()
        defer { withExtendedLifetime((remote, testA)) {} }
        _ = try SharingService(workspaceB).importFlow(try SharingService(a).share("video-alerts"))
        try FlowService(workspaceB).update("video-alerts", message: { "local \($0.name)" }) { $0.blocks?[1].config = ["text": "Local text"] }
        try FlowService(a).update("video-alerts", message: { "upstream \($0.name)" }) { $0.blocks?[1].config = ["text": "Upstream text"] }
        _ = try SyncService(a).sync()
        let before = try b.read("flows/video-alerts/flow.json")
        #expect(try SharingService(workspaceB).updateImportedFlow("video-alerts").stopped)
        expectWorkspaceError(containing: "a sync is waiting") { _ = try FlowService(workspaceB).create(name: "Other", type: .power) }
        try SyncService(workspaceB).abort()
        #expect(try b.read("flows/video-alerts/flow.json") == before)
        #expect(try SyncService(workspaceB).conflicts().isEmpty)
        try b.expectCleanAndSound()
    }
}
