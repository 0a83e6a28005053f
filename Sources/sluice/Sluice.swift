import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceGit
import SluiceMedia
import SluiceWorkspace

/// The `sluice` command: it parses arguments, calls the libraries and prints.
@main
struct Sluice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Local-first media-flow automation: flows, connections and settings as JSON documents in git.",
        discussion: """
            A workspace is a git repository; each branch is a product environment. Every command that
            changes documents validates them, writes them atomically and makes one commit.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Status.self, Validate.self, Format.self, Commit.self,
            Flows.self, Templates.self, Blocks.self, EnvCommand.self,
            Apps.self, Connections.self, Key.self, Schema.self,
            MergeFile.self, MergeDriver.self, Doctor.self,
            RemoteCommand.self, SyncCommand.self, Conflicts.self, Resolve.self, Promote.self, Share.self, Import.self,
            Upload.self, Assets.self, Run.self, Runs.self, Logs.self, Moderation.self, Notifications.self, Usage.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Session.reportSkipped()
        } catch let error as WorkspaceError {
            Output.fail(error.description)
        } catch let error as CommandFailure {
            Output.fail(error.message, code: error.code)
        } catch let error as FileError {
            Output.fail(error.description)
        } catch let error as SecretError {
            Output.fail(error.description)
        } catch let error as MediaError {
            Output.fail(error.description)
        } catch let error as GitError {
            Output.fail(error.description)
        } catch let error as CocoaError {
            Output.fail(error.localizedDescription)
        } catch {
            exit(withError: error)
        }
    }
}

/// What the command that is running opened, so that `main` can report what it skipped.
enum Session {
    nonisolated(unsafe) static var workspace: Workspace?
    /// Set by commands that print document problems themselves.
    nonisolated(unsafe) static var problemsShown = false

    /// Prints notices, and the documents the command skipped because they have errors, on stderr.
    static func reportSkipped() {
        guard let workspace else { return }
        for notice in workspace.notices { Output.note("sluice: note: \(notice)") }
        guard !problemsShown else { return }
        for path in workspace.skippedProblems.keys.sorted() {
            guard let first = workspace.skippedProblems[path]?.first else { continue }
            Output.note("sluice: warning: skipped invalid document \(first)")
        }
    }
}

/// A failure the CLI reports as one line with an exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = 1
}
