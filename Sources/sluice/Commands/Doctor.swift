import ArgumentParser
import SluiceWorkspace

extension Sluice {
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the workspace set-up: merge driver, .gitattributes, .gitignore, schemas, secret key, documents.",
            discussion: "A fresh clone needs `sluice doctor --fix` once, so that plain `git merge` and `git pull` use the Sluice merge driver."
        )
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Repair what can be repaired, and commit the files that changed.") var fix = false

        func run() throws {
            let checks = try WorkspaceService(workspace.context()).doctor(fix: fix, executable: SelfPath.command)
            if output.json { return try Output.json(checks) }
            for check in checks {
                Output.line("\(check.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(check.name): \(check.detail)")
            }
            if checks.contains(where: { $0.state == .problem }) { throw ExitCode(1) }
        }
    }
}
