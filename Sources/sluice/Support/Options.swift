import ArgumentParser
import Foundation
import SluiceWorkspace

/// Where the workspace is.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("workspace")], help: "The workspace folder (default: the current folder or one above it).")
    var workspace: String?

    /// Opens the workspace.
    func open() throws -> Workspace {
        let opened = try Workspace.open(at: workspace ?? FileManager.default.currentDirectoryPath)
        Session.workspace = opened
        return opened
    }
}

/// `--json` for listings.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON for scripts instead of text.")
    var json = false
}
