import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceSync
import SluiceWorkspace

/// The `sluice` command: it parses arguments, calls the workspace services and prints.
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
            Upload.self, Assets.self, Transformations.self, Serve.self, Tokens.self, Run.self, Runs.self, Logs.self, Moderation.self,
            Notifications.self,
            Usage.self,
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
        } catch let error as WorkspaceError {
            Output.fail(error.description)
        } catch let error as SyncError {
            Output.fail(error.description)
        } catch let error as FileError {
            Output.fail(error.description)
        } catch let error as CommandFailure {
            Output.fail(error.message, code: error.code)
        } catch let error as CocoaError {
            Output.fail(((error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? "") + PlainError.sentence(error))
        } catch {
            // A command's own exit status (`throw ExitCode(1)` after printing its report) is just that. Help and
            // --version print as ArgumentParser writes them. Any other error is one line, escaped: a usage mistake
            // (exit 64) with a pointer to the help.
            if let status = error as? ExitCode { Foundation.exit(status.rawValue) }
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            // The message as it is (a value quoted in it may hold a line break): Output escapes it to one line.
            let message = message(for: error)
            Output.fail(code == .validationFailure ? message + " (see `sluice help`)" : message, code: code.rawValue)
        }
    }
}

/// A failure the CLI reports as one line with an exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = 1
}
