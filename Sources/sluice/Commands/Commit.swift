import ArgumentParser
import Foundation
import SluiceWorkspace

extension Sluice {
    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate hand edits and commit every change in the workspace.",
            discussion: "Refuses while a changed document has errors, naming each problem."
        )

        @OptionGroup var workspace: WorkspaceOptions

        @Option(name: .shortAndLong, help: "The commit message.")
        var message: String

        func validate() throws {
            if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("the commit message must not be empty") }
        }

        func run() throws {
            guard let commit = try WorkspaceService(workspace.context()).commit(message: message) else {
                return Output.line("Nothing to commit.")
            }
            Output.line("Committed \(commit.description.prefix(10)) \(message)")
        }
    }
}
