import Foundation
import SluiceDocuments
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Environments")
struct EnvironmentTests {
    @Test("create, switch, list and delete environments; each manifest names its environment")
    func lifecycle() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createFlow(name: "Tags", type: nil, template: "tag-by-folder")
        try workspace.createEnvironment("staging")
        #expect(try workspace.currentEnvironment() == "production")
        #expect(try workspace.environments().map { "\($0.name) \($0.current) \($0.flows)" } == ["production true 1", "staging false 1"])
        try workspace.switchEnvironment("staging")
        #expect(try test.git("branch", "--show-current").stdout == "staging\n")
        #expect(try workspace.manifest().environment == "staging")
        try workspace.createFlow(name: "Staging only", type: .power)
        try workspace.switchEnvironment("production")
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/staging-only"))
        #expect(try workspace.manifest().environment == "production")
        try test.expectCleanAndSound()
        expectWorkspaceError(containing: "is the current environment") { try workspace.deleteEnvironment("production") }
        try workspace.deleteEnvironment("staging")
        #expect(try workspace.environments().map(\.name) == ["production"])
    }

    @Test("switching is refused while there are uncommitted edits, and bad names are refused")
    func refusals() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try workspace.createEnvironment("dev")
        try test.write("environment/variables.json", "{}")
        expectWorkspaceError(containing: "uncommitted edits (environment/variables.json)") { try workspace.switchEnvironment("dev") }
        expectWorkspaceError(containing: "environment dev exists") { try workspace.createEnvironment("dev") }
        expectWorkspaceError(containing: "may contain only") { try workspace.createEnvironment("no way") }
        expectWorkspaceError(containing: "no environment matches \"nope\"") { try workspace.createEnvironment("x", from: "nope") }
    }
}
