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
        try workspace.createFlow(name: "Alerts", type: nil, template: "slack-new-videos")
        try workspace.setFlowSecret("alerts", key: "apiToken", value: Self.secretValues[0])
        try workspace.addConnection(app: "slack", name: "Team Slack", settings: [:], secrets: ["webhookURL": Self.secretValues[1]])
        try workspace.addConnection(
            app: "webhook", name: "Hook", settings: ["url": "https://example.com/in"], secrets: ["signingSecret": Self.secretValues[2]])
        try workspace.connectBlock(flow: "alerts", block: "alert", connection: "Team Slack")
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
        let record = try workspace.flow("alerts")
        #expect(try workspace.decryptedFlowSecrets(record) == ["apiToken": Self.secretValues[0]])
        #expect(try workspace.flowSecretNames("alerts") == ["apiToken"])
        #expect(workspace.validate().isEmpty, "\(workspace.validate())")
        try test.expectCleanAndSound()
    }

    @Test("a clone without the key says how to import it; the imported key opens the secrets")
    func keyOnAnotherMachine() throws {
        let test = try populated()
        let exported = try test.open().exportKey()
        let other = try TestWorkspace(create: false)
        let clone = try ProcessRunner.git(["clone", "-q", test.root, other.root], in: other.directory.path)
        #expect(clone.status == 0, "\(clone.output)")
        let workspace = try other.open()
        expectWorkspaceError(containing: "run `sluice key import`") { _ = try workspace.decryptedFlowSecrets(try workspace.flow("alerts")) }
        expectWorkspaceError(containing: "opens none of this workspace's secrets") { _ = try workspace.importKey(SecretKey.generate().exported) }
        expectWorkspaceError(containing: "not a Sluice key") { _ = try workspace.importKey("hello") }
        _ = try workspace.importKey(exported)
        #expect(try workspace.decryptedFlowSecrets(try workspace.flow("alerts"))["apiToken"] == Self.secretValues[0])
    }

    @Test("rotate re-encrypts every value with a new key in one commit and forgets the old key")
    func rotate() throws {
        let test = try populated()
        let workspace = try test.open()
        let oldKey = try workspace.secretBox().current
        let result = try workspace.rotateKey()
        #expect(result.values == 3)
        #expect(result.key != oldKey)
        #expect(try test.subjects().first == "key: rotate the secret key (3 values re-encrypted)")
        #expect(Set(workspace.sealedValues().map(\.fingerprint)) == [result.key.fingerprint])
        #expect(try workspace.secretBox().keyring.count == 1)
        #expect(try workspace.decryptedFlowSecrets(try workspace.flow("alerts"))["apiToken"] == Self.secretValues[0])
        try test.expectCleanAndSound()
    }

    @Test("the connections report has overview, manage and discover sections")
    func report() throws {
        let test = try populated()
        let report = try test.open().connectionsReport()
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
            try workspace.addConnection(app: "dropbox", name: "x", settings: [:], secrets: [:])
        }
        expectWorkspaceError(containing: "webhookURL is secret") {
            try workspace.addConnection(app: "slack", name: "x", settings: ["webhookURL": "https://x"], secrets: [:])
        }
        expectWorkspaceError(containing: "sftp has no field \"colour\"") {
            try workspace.addConnection(app: "sftp", name: "x", settings: ["colour": "red"], secrets: [:])
        }
        expectWorkspaceError(containing: "port must be a whole number") {
            try workspace.addConnection(app: "sftp", name: "x", settings: ["host": "h", "user": "u", "port": "22a"], secrets: [:])
        }
        expectWorkspaceError(containing: "slack needs webhookURL") {
            try workspace.addConnection(app: "slack", name: "x", settings: [:], secrets: [:])
        }
        #expect(try test.subjects().count == 1)
    }

    @Test("removing a connection in use is refused, naming the flows; --force unbinds them in the same commit")
    func removeInUse() throws {
        let test = try populated()
        let workspace = try test.open()
        expectWorkspaceError(containing: "is used by \"Alerts\"") { try workspace.removeConnection("Team Slack", force: false) }
        try workspace.removeConnection("Hook", force: false)
        try workspace.removeConnection("Team Slack", force: true)
        #expect(try test.subjects().first == "connections: remove slack account \"Team Slack\"")
        #expect(try workspace.flow("alerts").flow.blocks?.first { $0.id == "alert" }?.connection == nil)
        #expect(workspace.connections().isEmpty)
        #expect(!workspace.validate().hasErrors)
        try test.expectCleanAndSound()
    }

    @Test("a block can only be connected to an account of its app")
    func connectWrongApp() throws {
        let test = try populated()
        let workspace = try test.open()
        expectWorkspaceError(containing: "\"Hook\" is a webhook account; block \"alert\" needs slack") {
            try workspace.connectBlock(flow: "alerts", block: "alert", connection: "Hook")
        }
        expectWorkspaceError(containing: "takes no connection") { try workspace.connectBlock(flow: "alerts", block: "upload", connection: "Hook") }
        try workspace.setConnectionEnabled("Team Slack", false)
        #expect(workspace.validate().contains { $0.severity == .warning && $0.message.contains("is disabled") })
    }
}
