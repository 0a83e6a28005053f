import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Secrets, keys and connections")
struct SecretsAndConnectionsTests {
    static let secretValues = ["flow-secret-PLAINTEXT-1", "https://hooks.slack.example/T0/B0/PLAINTEXT2", "sign-PLAINTEXT-3"]

    /// A workspace with a flow secret, a Slack and a webhook connection, and a flow bound to Slack.
    func populated() throws -> TestWorkspace {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Alerts", type: nil, template: "slack-new-videos")
        try FlowService(workspace).setSecret("alerts", key: "apiToken", value: Self.secretValues[0])
        try ConnectionService(workspace).add(app: "slack", name: "Team Slack", settings: [:], secrets: ["webhookURL": Self.secretValues[1]])
        try ConnectionService(workspace).add(
            app: "webhook", name: "Hook", settings: ["url": "https://example.com/in"], secrets: ["signingSecret": Self.secretValues[2]])
        try FlowService(workspace).connect(flow: "alerts", block: "alert", connection: "Team Slack")
        return test
    }

    @Test("no secret value appears in any git object or document, yet every one decrypts")
    func noPlaintextInGit() throws {
        let test = try populated()
        let objects = try test.allObjectContents()
        #expect(!objects.isEmpty)
        for value in Self.secretValues { #expect(!objects.contains(value)) }
        #expect(!objects.contains("PLAINTEXT"))
        let grep = try test.git("grep", "-I", "PLAINTEXT", "HEAD")
        #expect(grep.stdout.isEmpty)
        let workspace = try test.open()
        let record = try FlowService(workspace).detail("alerts")
        #expect(try workspace.decryptedFlowSecrets(record.flow.id) == ["apiToken": Self.secretValues[0]])
        #expect(try FlowService(workspace).secretNames("alerts") == ["apiToken"])
        let problems = try WorkspaceService(workspace).validate()
        #expect(problems.isEmpty, "\(problems)")
        try test.expectCleanAndSound()
    }

    @Test("a clone without the key says how to import it; the imported key opens the secrets")
    func keyOnAnotherMachine() throws {
        let test = try populated()
        let exported = try KeyService(test.open()).export()
        let other = try TestWorkspace(create: false)
        let clone = try ProcessRunner.git(["clone", "-q", test.root, other.root], in: other.directory.path)
        #expect(clone.status == 0, "\(clone.output)")
        let workspace = try other.open()
        expectWorkspaceError(containing: "run `sluice key import`") { _ = try workspace.decryptedFlowSecrets("alerts") }
        expectWorkspaceError(containing: "opens none of this workspace's secrets") {
            _ = try KeyService(workspace).importKey(SecretKey.generate().exported)
        }
        expectWorkspaceError(containing: "not a Sluice key") { _ = try KeyService(workspace).importKey("hello") }
        _ = try KeyService(workspace).importKey(exported)
        #expect(try workspace.decryptedFlowSecrets("alerts")["apiToken"] == Self.secretValues[0])
    }

    @Test("rotate re-encrypts every value with a new key in one commit and forgets the old key")
    func rotate() throws {
        let test = try populated()
        let workspace = try test.open()
        let oldKey = try workspace.secretBox().current
        let result = try KeyService(workspace).rotate()
        #expect(result.values == 3)
        #expect(result.key != oldKey)
        #expect(try test.subjects().first == "key: rotate the secret key (3 values re-encrypted)")
        #expect(try Set(workspace.sealedValues().map(\.fingerprint)) == [result.key.fingerprint])
        #expect(try workspace.secretBox().keyring.count == 1)
        #expect(try workspace.decryptedFlowSecrets("alerts")["apiToken"] == Self.secretValues[0])
        try test.expectCleanAndSound()
    }

    @Test("the connections report has overview, manage and discover sections")
    func report() throws {
        let test = try populated()
        let report = try ConnectionService(test.open()).report()
        #expect(report.overview.connectedApps == 2)
        #expect(report.overview.accounts == 2)
        #expect(report.overview.flowsUsingConnections == 1)
        #expect(report.manage.map(\.app) == ["slack", "webhook"])
        let slack = try #require(report.manage.first?.accounts.first)
        #expect(slack.secretFields == ["webhookURL"])
        #expect(slack.usedBy.map(\.blockID) == ["alert"])
        #expect(!report.discover.map(\.app).contains("slack"))
        #expect(report.discover.map(\.app).contains("sendgrid"))
    }

    @Test("bad connection input is refused with a clear line")
    func badConnectionInput() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        expectWorkspaceError(containing: "unknown app \"dropbox\"") {
            try ConnectionService(workspace).add(app: "dropbox", name: "x", settings: [:], secrets: [:])
        }
        expectWorkspaceError(containing: "webhookURL is secret") {
            try ConnectionService(workspace).add(app: "slack", name: "x", settings: ["webhookURL": "https://x"], secrets: [:])
        }
        expectWorkspaceError(containing: "sftp has no field \"colour\"") {
            try ConnectionService(workspace).add(app: "sftp", name: "x", settings: ["colour": "red"], secrets: [:])
        }
        expectWorkspaceError(containing: "port must be a whole number") {
            try ConnectionService(workspace).add(app: "sftp", name: "x", settings: ["host": "h", "user": "u", "port": "22a"], secrets: [:])
        }
        expectWorkspaceError(containing: "slack needs webhookURL") {
            try ConnectionService(workspace).add(app: "slack", name: "x", settings: [:], secrets: [:])
        }
        #expect(try test.subjects().count == 1)
    }

    @Test("removing a connection in use is refused, naming the flows; --force unbinds them in the same commit")
    func removeInUse() throws {
        let test = try populated()
        let workspace = try test.open()
        expectWorkspaceError(containing: "is used by \"Alerts\"") { try ConnectionService(workspace).remove("Team Slack", force: false) }
        try ConnectionService(workspace).remove("Hook", force: false)
        try ConnectionService(workspace).remove("Team Slack", force: true)
        #expect(try test.subjects().first == "connections: remove slack account \"Team Slack\"")
        #expect(try FlowService(workspace).detail("alerts").flow.blocks?.first { $0.id == "alert" }?.connection == nil)
        #expect(try workspace.connections().isEmpty)
        #expect(try !WorkspaceService(workspace).validate().hasErrors)
        try test.expectCleanAndSound()
    }

    @Test("a block can only be connected to an account of its app")
    func connectWrongApp() throws {
        let test = try populated()
        let workspace = try test.open()
        expectWorkspaceError(containing: "\"Hook\" is a webhook account; block \"alert\" needs slack") {
            try FlowService(workspace).connect(flow: "alerts", block: "alert", connection: "Hook")
        }
        expectWorkspaceError(containing: "takes no connection") {
            try FlowService(workspace).connect(flow: "alerts", block: "upload", connection: "Hook")
        }
        try ConnectionService(workspace).setEnabled("Team Slack", false)
        #expect(try WorkspaceService(workspace).validate().contains { $0.severity == .warning && $0.message.contains("is disabled") })
    }
}
