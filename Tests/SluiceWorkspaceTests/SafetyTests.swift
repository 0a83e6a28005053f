import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

/// Nothing is lost or half-written, and nothing is removed while something still uses it.
@Suite("Safety")
struct SafetyTests {
    @Test("a commit that cannot land puts every file back and moves nothing")
    func rollbackOnFailedCommit() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Keep", type: .power)
        let before = try test.read("flows/keep/flow.json")
        let head = try test.git("rev-parse", "HEAD").stdout
        // A lock that cannot be taken away (a folder in the way) makes the branch update fail.
        try FileManager.default.createDirectory(atPath: test.root + "/.git/refs/heads/production.lock", withIntermediateDirectories: true)
        expectWorkspaceError(containing: "production") { try FlowService(workspace).rename("keep", to: "Renamed") }
        #expect(try test.read("flows/keep/flow.json") == before)
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/renamed"))
        try FileManager.default.removeItem(atPath: test.root + "/.git/refs/heads/production.lock")
        #expect(try test.git("rev-parse", "HEAD").stdout == head)
        try test.expectCleanAndSound()
    }

    @Test("a rotation that cannot commit keeps the old key, so every secret still opens")
    func failedRotation() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "F", type: .power)
        try FlowService(workspace).setSecret("f", key: "token", value: "v1")
        let keysBefore = try workspace.keyStore.fileKeys(workspaceID: workspace.manifest().id)
        try FileManager.default.createDirectory(atPath: test.root + "/.git/refs/heads/production.lock", withIntermediateDirectories: true)
        expectWorkspaceError(containing: "production") { _ = try KeyService(workspace).rotate() }
        try FileManager.default.removeItem(atPath: test.root + "/.git/refs/heads/production.lock")
        #expect(try workspace.keyStore.fileKeys(workspaceID: workspace.manifest().id) == keysBefore)
        #expect(try workspace.decryptedFlowSecrets("f") == ["token": "v1"])
        try test.expectCleanAndSound()
    }

    /// Two processes race: one sets a secret, one rotates the key. Whatever the order, every value opens.
    @Test("setting a secret while the key rotates never strands a value")
    func rotateRacesSet() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "F", type: .power)
        try FlowService(workspace).setSecret("f", key: "first", value: "one")
        var environment = test.environment
        environment["SLUICE_LOCK_TIMEOUT"] = "20"
        let holder = try ProcessRunner.start("/usr/bin/flock", ["-x", test.root + "/.sluice/lock", "sleep", "1"], in: test.root)
        Thread.sleep(forTimeInterval: 0.2)
        let set = try ProcessRunner.start(
            SluiceCLI.binary, ["flows", "secrets", "f", "set", "second"], in: test.root, environment: environment, input: "two")
        let rotate = try ProcessRunner.start(SluiceCLI.binary, ["key", "rotate"], in: test.root, environment: environment)
        for process in [holder, set, rotate] { process.waitUntilExit() }
        #expect(set.terminationStatus == 0 && rotate.terminationStatus == 0)
        let reopened = try test.open()
        #expect(try reopened.decryptedFlowSecrets("f") == ["first": "one", "second": "two"])
        #expect(try KeyService(reopened).rotate().values == 2)
    }

    @Test("a new flow or connection never lands on a file or folder that is already there")
    func neverOverwrites() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try test.write("connections/slack/team.json", "{ broken")
        let record = try ConnectionService(workspace).add(app: "slack", name: "Team", settings: [:], secrets: ["webhookURL": "https://x.example/h"])
        #expect(record.path == "connections/slack/team-2.json")
        #expect(try test.read("connections/slack/team.json") == "{ broken")
        try test.write("flows/b/secrets.json", "{}")
        #expect(try FlowService(workspace).create(name: "B", type: .power).slug == "b-2")
    }

    @Test("what flows still use cannot be removed: environment variables, secrets, called flows")
    func refusesToRemoveUsed() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try EnvironmentService(workspace).setVariable("host", value: "example.com")
        let target = try FlowService(workspace).create(name: "Target", type: .power)
        try FlowService(workspace).create(name: "Caller", type: .power)
        try FlowService(workspace).setSecret("caller", key: "token", value: "t")
        try FlowService(workspace).update("caller", message: { "edit \($0.name)" }) { flow in
            var call = Block(id: "call", type: BlockTypeID.callFlow, name: "Call", config: ["flow": .string(target.flow.id)])
            call.config = ["flow": .string(target.flow.id), "data": ["host": "{{env.host}}", "token": "{{secrets.token}}"]]
            flow.blocks?[0].next = ["call"]
            flow.blocks?.append(call)
        }
        expectWorkspaceError(containing: "environment variable host is still used at flows/caller/flow.json: /blocks/1/config/data/host") {
            try EnvironmentService(workspace).unsetVariable("host")
        }
        expectWorkspaceError(containing: "secret token is still used") { try FlowService(workspace).unsetSecret("caller", key: "token") }
        expectWorkspaceError(containing: "\"Target\" is called by \"Caller\"") { try FlowService(workspace).delete("target") }
        #expect(try WorkspaceService(workspace).validate().isEmpty)
        try test.expectCleanAndSound()
    }

    @Test("sluice commit refuses hand edits that break another document")
    func commitChecksTheWholeWorkspace() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Alerts", type: nil, template: "slack-new-videos")
        try ConnectionService(workspace).add(app: "slack", name: "Team", settings: [:], secrets: ["webhookURL": "https://x.example/h"])
        try FlowService(workspace).connect(flow: "alerts", block: "alert", connection: "Team")
        try FileManager.default.removeItem(atPath: test.root + "/connections/slack/team.json")
        expectWorkspaceError(containing: "flows/alerts/flow.json") { _ = try WorkspaceService(workspace).commit(message: "remove team") }
    }

    @Test("duplicate rewrites block references written with spaces")
    func duplicateWithSpaces() throws {
        let flow = try #require(FlowTemplates.template("web-variants")).makeFlow(named: "V")
        var spaced = flow
        spaced.blocks?[3].config = ["asset": "{{ trigger.asset.publicId }}", "values": ["large": "x {{ blocks.large.output.url }} y"]]
        let copy = FlowDuplicator.duplicate(spaced)
        let large = try #require(copy.blocks?.first { $0.name == "Large WebP" })
        #expect(copy.blocks?[3].config["values"]?["large"] == .string("x {{blocks.\(large.id).output.url}} y"))
        #expect(copy.blocks?[3].config["asset"] == "{{ trigger.asset.publicId }}")
    }

    @Test("with SLUICE_KEY set, rotating or importing the key is refused")
    func environmentKey() throws {
        let test = try TestWorkspace()
        let key = try KeyService(test.open()).export()
        var environment = test.environment
        environment["SLUICE_KEY"] = key
        let workspace = try WorkspaceContext.open(at: test.root, environment: environment)
        expectWorkspaceError(containing: "while SLUICE_KEY is set") { _ = try KeyService(workspace).rotate() }
        expectWorkspaceError(containing: "while SLUICE_KEY is set") { _ = try KeyService(workspace).importKey(key) }
    }

    @Test("an init that fails leaves nothing behind, so it can be run again")
    func failedInit() throws {
        let test = try TestWorkspace(create: false)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: test.directory.child("config-file")))
        var environment = test.environment
        environment["SLUICE_CONFIG_DIR"] = test.directory.child("config-file")
        #expect(throws: (any Error).self) { _ = try WorkspaceService.create(at: test.root, processEnvironment: environment) }
        #expect(!FileManager.default.fileExists(atPath: test.root))
        _ = try WorkspaceService.create(at: test.root, processEnvironment: test.environment)
        #expect(try test.subjects().count == 1)
    }

    @Test("a git lock file left by a killed process is removed, so commits go on")
    func staleGitLock() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let lock = test.root + "/.git/refs/heads/production.lock"
        try test.write(".git/refs/heads/production.lock", "")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: lock)
        try FlowService(workspace).create(name: "After a crash", type: .power)
        #expect(!FileManager.default.fileExists(atPath: lock))
        #expect(test.notices.notices.contains { "\($0)".contains("git lock left by an interrupted process") })
        try test.expectCleanAndSound()
    }
}
