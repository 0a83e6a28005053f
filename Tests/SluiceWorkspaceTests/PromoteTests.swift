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
    func environments() throws -> (TestWorkspace, Workspace) {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "Variants", type: nil, template: "web-variants")
        try workspace.setEnvironmentVariable("cdn", value: "prod.example.com")
        try workspace.createEnvironment("staging")
        return (test, workspace)
    }

    @Test("flow changes travel, environment-local documents never do; the plan names what the target lacks")
    func promoteFlows() throws {
        let (test, workspace) = try environments()
        try workspace.switchEnvironment("staging")
        try workspace.setEnvironmentVariable("cdn", value: "staging.example.com")
        try workspace.renameFlow("variants", to: "Variants v2")
        let created = try workspace.createFlow(name: "Uses secret", type: .power)
        try workspace.setFlowSecret("uses-secret", key: "token", value: "s")
        try workspace.updateFlow("uses-secret", message: { "edit \($0.name)" }) { flow in
            var call = Block(id: "call", type: "http-request", name: "Call", config: ["method": "GET", "url": "https://x.example/{{secrets.token}}"])
            call.retry = nil
            flow.blocks?[0].next = ["call"]
            flow.blocks?.append(call)
        }
        try workspace.switchEnvironment("production")

        let dry = try workspace.promote(from: "staging", dryRun: true)
        #expect(dry.added == ["\"Uses secret\" (\(created.flow.id))"])
        #expect(dry.changed.count == 1 && dry.removed.isEmpty)
        #expect(dry.requirements == ["secret token of \"Uses secret\" (\(created.flow.id))"])
        #expect(dry.commit == nil)
        try test.expectCleanAndSound()

        let done = try workspace.promote(from: "staging", dryRun: false)
        #expect(done.commit != nil)
        #expect(try workspace.flow(created.flow.id).flow.name == "Uses secret")
        #expect(try workspace.environmentVariables().variables["cdn"] == "prod.example.com")
        #expect(try workspace.manifest().environment == "production")
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/uses-secret/secrets.json"))
        #expect(try test.subjects().first == "promote: 1 added, 1 changed, 0 removed from staging")
        try test.expectCleanAndSound()
    }

    @Test("--flow limits the promotion to one flow; conflicts stop it and resolve with continue")
    func selectedFlowAndConflict() throws {
        let (test, workspace) = try environments()
        try workspace.switchEnvironment("staging")
        try workspace.setFlowFavorite("variants", true)
        try workspace.setErrorNotification("variants", url: "https://staging.example.com/fail")
        try workspace.createFlow(name: "Other", type: .power)
        try workspace.switchEnvironment("production")
        try workspace.setErrorNotification("variants", url: "https://prod.example.com/fail")

        let plan = try workspace.promote(from: "staging", flows: ["variants"], dryRun: false)
        #expect(plan.added.isEmpty)
        #expect(plan.conflicts.map { "\($0.path) \($0.conflict.pointer)" } == ["flows/variants/flow.json /errorNotification/url"])
        expectWorkspaceError(containing: "a sync is waiting") { try workspace.setFlowEnabled("variants", true) }
        try workspace.resolve(document: "flows/variants/flow.json", pointer: "/errorNotification/url", with: .ours)
        #expect(try workspace.continueSync().outcome == "promoted")
        let flow = try workspace.flow("variants").flow
        #expect(flow.favorite && flow.errorNotification?.url == "https://prod.example.com/fail")
        #expect(try test.git("log", "-1", "--format=%P").stdout.split(separator: " ").count == 1)
        try test.expectCleanAndSound()
    }
}
