import ArgumentParser
import Foundation
import SluiceWorkspace

/// Where the workspace is.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("workspace")], help: "The workspace folder (default: the current folder or one above it).")
    var workspace: String?

    /// Opens the workspace, its notices printed on standard error as they come. A command that prints document problems
    /// itself passes `showingSkipped: false`, so they are not repeated as warnings.
    func context(showingSkipped: Bool = true) throws -> WorkspaceContext {
        try WorkspaceContext.open(
            at: workspace ?? FileManager.default.currentDirectoryPath, notices: StandardErrorNotices(showsSkippedDocuments: showingSkipped))
    }
}

/// `--json` for listings.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON for scripts instead of text.")
    var json = false
}
