import Foundation
import SluiceDocuments
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Creating and opening workspaces")
struct WorkspaceCreationTests {
    @Test("init makes a repository on the environment branch with one commit that git accepts")
    func create() throws {
        let test = try TestWorkspace(environmentName: "staging")
        #expect(try test.subjects() == ["init: create staging environment"])
        #expect(try test.git("branch", "--show-current").stdout == "staging\n")
        #expect(try test.git("log", "--format=%an <%ae>").stdout == "Sluice Test <test@sluice.invalid>\n")
        try test.expectCleanAndSound()
        let files = try test.git("ls-files").stdout.split(separator: "\n").map(String.init)
        #expect(files.contains("sluice.json"))
        #expect(files.contains(".gitignore"))
        #expect(files.contains("environment/variables.json"))
        #expect(files.contains("schemas/flow.schema.json"))
        let workspace = try test.open()
        #expect(try workspace.manifest().environment == "staging")
        #expect(try workspace.currentEnvironment() == "staging")
        #expect(try WorkspaceService(workspace).validate().isEmpty)
        #expect(try test.read(".gitignore").contains(".sluice/"))
    }

    @Test("init refuses a folder with other content and an existing workspace, and leaves them untouched")
    func refuses() throws {
        let test = try TestWorkspace(create: false)
        try test.write("notes.txt", "mine")
        expectWorkspaceError(containing: "is not empty") {
            _ = try WorkspaceService.create(at: test.root, processEnvironment: test.environment)
        }
        #expect(try test.read("notes.txt") == "mine")
        #expect(!FileManager.default.fileExists(atPath: test.root + "/.git"))

        let existing = try TestWorkspace()
        expectWorkspaceError(containing: "already a Sluice workspace") {
            _ = try WorkspaceService.create(at: existing.root, processEnvironment: existing.environment)
        }
        #expect(try existing.subjects().count == 1)
    }

    @Test(arguments: ["bad name", "../up", "-dash", ""])
    func badEnvironmentName(name: String) throws {
        let test = try TestWorkspace(create: false)
        expectWorkspaceError(containing: "environment name") {
            _ = try WorkspaceService.create(at: test.root, environment: name, processEnvironment: test.environment)
        }
    }

    @Test("open finds the workspace from a sub-folder, and explains a folder that is not one")
    func open() throws {
        let test = try TestWorkspace()
        try FileManager.default.createDirectory(atPath: test.root + "/flows/x", withIntermediateDirectories: true)
        let workspace = try WorkspaceContext.open(at: test.root + "/flows/x", environment: test.environment)
        #expect(workspace.root == test.root)
        let elsewhere = try TemporaryDirectory()
        expectWorkspaceError(containing: "is not a Sluice workspace") {
            _ = try WorkspaceContext.open(at: elsewhere.path, environment: test.environment)
        }
    }

    @Test("the schema files shipped in the repository match the ones the code generates")
    func shippedSchemas() throws {
        for (path, bytes) in SchemaFiles.all() {
            let shipped = TestEnvironment.packageRoot + "/Schemas/" + (path as NSString).lastPathComponent
            let data = try #require(FileManager.default.contents(atPath: shipped), "missing \(shipped); run `sluice schema --write Schemas`")
            #expect(Array(data) == bytes, "\(shipped) is stale; run `swift run sluice schema --write Schemas`")
        }
    }
}
