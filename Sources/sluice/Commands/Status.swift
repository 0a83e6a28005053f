import ArgumentParser
import SluiceWorkspace

extension Sluice {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the environment, uncommitted edits and invalid documents.")

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let status = try WorkspaceService(workspace.context(showingSkipped: false)).status()
            if output.json { return try Output.json(status) }
            Output.line("Environment: \(status.environment)")
            Output.line("Last commit: \(status.head.map { "\($0.prefix(10)) \(status.headSummary ?? "")" } ?? "none")")
            if status.changes.isEmpty {
                Output.line("No uncommitted changes.")
            } else {
                Output.line("Uncommitted changes (commit them with `sluice commit -m MESSAGE`):")
                for change in status.changes {
                    Output.line(
                        "  \(change.change.padding(toLength: 10, withPad: " ", startingAt: 0)) \(change.path)\(change.valid ? "" : "  (has errors)")")
                }
            }
            for remote in status.remotes {
                let counts = remote.ahead.map { "ahead \($0), behind \(remote.behind ?? 0)" } ?? "not synced yet"
                Output.line("Remote \(remote.name): \(counts)")
            }
            if status.openConflicts > 0 {
                Output.line("\(status.openConflicts) conflict(s) to resolve: `sluice conflicts`, then `sluice sync --continue`")
            }
            if status.problems.isEmpty {
                Output.line("All documents are valid.")
            } else {
                Output.line("\(status.errors) error(s), \(status.warnings) warning(s):")
                for problem in status.problems { Output.line("  \(problem)") }
            }
        }
    }
}
