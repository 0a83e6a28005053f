import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Promote")
struct PromoteTests {
    /// production with one flow and a variable; staging created from it.
    func environments() throws -> (TestWorkspace, WorkspaceContext) {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Variants", type: nil, template: "web-variants")
        try EnvironmentService(workspace).setVariable("cdn", value: "prod.example.com")
        try EnvironmentService(workspace).create("staging")
        return (test, workspace)
    }

    @Test("flow changes travel, environment-local documents never do; the plan names what the target lacks")
    func promoteFlows() throws {
        let (test, workspace) = try environments()
        try EnvironmentService(workspace).switchTo("staging")
        try EnvironmentService(workspace).setVariable("cdn", value: "staging.example.com")
        try FlowService(workspace).rename("variants", to: "Variants v2")
        let created = try FlowService(workspace).create(name: "Uses secret", type: .power)
        try FlowService(workspace).setSecret("uses-secret", key: "token", value: "s")
        try FlowService(workspace).update("uses-secret", message: { "edit \($0.name)" }) { flow in
            var call = Block(id: "call", type: "http-request", name: "Call", config: ["method": "GET", "url": "https://x.example/{{secrets.token}}"])
            call.retry = nil
            flow.blocks?[0].next = ["call"]
            flow.blocks?.append(call)
        }
        try EnvironmentService(workspace).switchTo("production")

        let dry = try EnvironmentService(workspace).promote(from: "staging", dryRun: true)
        #expect(dry.added == ["\"Uses secret\" (\(created.flow.id))"])
        #expect(dry.changed.count == 1 && dry.removed.isEmpty)
        #expect(dry.requirements == ["secret token of \"Uses secret\" (\(created.flow.id))"])
        #expect(dry.commit == nil)
        try test.expectCleanAndSound()

        let done = try EnvironmentService(workspace).promote(from: "staging", dryRun: false)
        #expect(done.commit != nil)
        #expect(try FlowService(workspace).detail(created.flow.id).flow.name == "Uses secret")
        #expect(try EnvironmentService(workspace).variables()["cdn"] == "prod.example.com")
        #expect(try workspace.manifest().environment == "production")
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/uses-secret/secrets.json"))
        #expect(try test.subjects().first == "promote: 1 added, 1 changed, 0 removed from staging")
        try test.expectCleanAndSound()
    }

    @Test("--flow limits the promotion to one flow; conflicts stop it and resolve with continue")
    func selectedFlowAndConflict() throws {
        let (test, workspace) = try environments()
        try EnvironmentService(workspace).switchTo("staging")
        try FlowService(workspace).setFavorite("variants", true)
        try FlowService(workspace).setErrorNotification("variants", url: "https://staging.example.com/fail")
        try FlowService(workspace).create(name: "Other", type: .power)
        try EnvironmentService(workspace).switchTo("production")
        try FlowService(workspace).setErrorNotification("variants", url: "https://prod.example.com/fail")

        let plan = try EnvironmentService(workspace).promote(from: "staging", flows: ["variants"], dryRun: false)
        #expect(plan.added.isEmpty)
        #expect(plan.conflicts.map { "\($0.path) \($0.conflict.pointer)" } == ["flows/variants/flow.json /errorNotification/url"])
        expectWorkspaceError(containing: "a sync is waiting") { try FlowService(workspace).setEnabled("variants", true) }
        try SyncService(workspace).resolve(document: "flows/variants/flow.json", pointer: "/errorNotification/url", with: .ours)
        #expect(try SyncService(workspace).continueMerge().outcome == .promoted)
        let flow = try FlowService(workspace).detail("variants").flow
        #expect(flow.favorite && flow.errorNotification?.url == "https://prod.example.com/fail")
        #expect(try test.git("log", "-1", "--format=%P").stdout.split(separator: " ").count == 1)
        try test.expectCleanAndSound()
    }
}
