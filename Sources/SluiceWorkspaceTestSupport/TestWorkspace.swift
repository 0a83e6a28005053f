import Foundation
import SluiceTestSupport
import SluiceWorkspace

/// A workspace in a temporary folder with its own key store, removed with the value.
public final class TestWorkspace: @unchecked Sendable {
    public let directory: TemporaryDirectory
    /// The environment every call uses (isolated key store and author).
    public let environment: [String: String]
    /// The workspace root.
    public var root: String { directory.child("ws") }
    /// The isolated configuration folder (the key store lives below it).
    public var configDirectory: String { directory.child("config") }
    /// Every notice of every operation on the workspace, in order.
    public let notices = NoticeLog()

    /// Creates a workspace (unless `create` is false) in a fresh temporary folder.
    public init(create: Bool = true, environmentName: String = "production", environmentOverrides: [String: String] = [:]) throws {
        directory = try TemporaryDirectory()
        environment = TestEnvironment.sluiceEnvironment(configDirectory: directory.child("config"), extra: environmentOverrides)
        if create { try WorkspaceService.create(at: root, environment: environmentName, processEnvironment: environment) }
    }

    /// Opens the workspace afresh, as a new command would; its notices go to ``notices``.
    public func open() throws -> WorkspaceContext { try WorkspaceContext.open(at: root, environment: environment, notices: notices) }

    /// Opens the workspace as a command run with some variables changed (another `SLUICE_USER`, say).
    public func open(with overrides: [String: String]) throws -> WorkspaceContext {
        try WorkspaceContext.open(at: root, environment: environment.merging(overrides) { _, new in new }, notices: notices)
    }

    /// Writes a file by hand, as a person in an editor would.
    public func write(_ relativePath: String, _ text: String) throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Reads a file of the workspace.
    public func read(_ relativePath: String) throws -> String {
        try String(contentsOfFile: root + "/" + relativePath, encoding: .utf8)
    }

    /// Runs the real git CLI in the workspace.
    public func git(_ arguments: String...) throws -> ProcessResult { try ProcessRunner.git(arguments, in: root) }

    /// Every object in the repository, decompressed, as the git CLI prints it.
    public func allObjectContents() throws -> String {
        let list = try git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)").stdout
        return try list.split(separator: "\n").map { try git("cat-file", "-p", String($0)).stdout }.joined(separator: "\n")
    }
}

extension TestWorkspace {
    /// Runs `sluice` in the workspace root with the workspace's environment.
    public func sluice(_ arguments: String..., input: String? = nil) throws -> ProcessResult {
        try SluiceCLI.run(arguments, in: root, environment: environment, input: input)
    }
}
