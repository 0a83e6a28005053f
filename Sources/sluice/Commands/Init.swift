import ArgumentParser
import Foundation
import SluiceWorkspace

extension Sluice {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace: a git repository with an environment branch, manifest and schemas.",
            discussion: "Refuses a non-empty folder that is not a Sluice workspace. Creates this machine's secret key for the workspace."
        )

        @Argument(help: "The folder to create (default: the current folder).")
        var path: String?

        @Option(help: "The first product environment (branch).")
        var env = "production"

        func run() throws {
            let workspace = try WorkspaceService.create(
                at: path ?? FileManager.default.currentDirectoryPath, environment: env, mergeDriver: SelfPath.command)
            Output.line("Created Sluice workspace in \(workspace.root) (environment \(env))")
            Output.line("Secret key stored in \(workspace.keyStore.directory); copy it to other machines with `sluice key export`.")
        }
    }
}
