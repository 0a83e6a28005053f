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
        try FlowService(workspace).create(name: "Tags", type: nil, template: "tag-by-folder")
        try EnvironmentService(workspace).create("staging")
        #expect(try workspace.currentEnvironment() == "production")
        #expect(try EnvironmentService(workspace).list().map { "\($0.name) \($0.current) \($0.flows)" } == ["production true 1", "staging false 1"])
        try EnvironmentService(workspace).switchTo("staging")
        #expect(try test.git("branch", "--show-current").stdout == "staging\n")
        #expect(try workspace.manifest().environment == "staging")
        try FlowService(workspace).create(name: "Staging only", type: .power)
        try EnvironmentService(workspace).switchTo("production")
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/staging-only"))
        #expect(try workspace.manifest().environment == "production")
        try test.expectCleanAndSound()
        expectWorkspaceError(containing: "is the current environment") { try EnvironmentService(workspace).delete("production") }
        try EnvironmentService(workspace).delete("staging")
        #expect(try EnvironmentService(workspace).list().map(\.name) == ["production"])
    }

    @Test("switching is refused while there are uncommitted edits, and bad names are refused")
    func refusals() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try EnvironmentService(workspace).create("dev")
        try test.write("environment/variables.json", "{}")
        expectWorkspaceError(containing: "uncommitted edits (environment/variables.json)") { try EnvironmentService(workspace).switchTo("dev") }
        expectWorkspaceError(containing: "environment dev exists") { try EnvironmentService(workspace).create("dev") }
        expectWorkspaceError(containing: "may contain only") { try EnvironmentService(workspace).create("no way") }
        expectWorkspaceError(containing: "no environment matches \"nope\"") { try EnvironmentService(workspace).create("x", from: "nope") }
    }
}
