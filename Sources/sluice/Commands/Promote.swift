import ArgumentParser
import SluiceWorkspace

extension Sluice {
    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carry flow changes from another environment into this one (flow definitions only).",
            discussion: """
                Merges the flow definitions of --from into the current environment structurally, never its
                environment-local documents (secrets, variables, connections, notifications, manifest). Prints the plan
                first: flows added, changed, removed, and what they need that this environment lacks. Conflicts stop it
                as in sync: `sluice conflicts`, `sluice resolve`, then `sluice sync --continue` (or --abort).
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Option(help: "The environment to take flows from.") var from: String
        @Option(help: "The environment to promote into (must be the current one).") var to: String?
        @Option(name: .customLong("flow"), help: "Only this flow (id, slug or name in --from); repeatable.") var flows: [String] = []
        @Flag(help: "Show the plan without changing anything.") var dryRun = false

        func run() throws {
            let plan = try EnvironmentService(workspace.context()).promote(from: from, to: to, flows: flows, dryRun: dryRun)
            if output.json { try Output.json(plan) } else { print(plan) }
            if !plan.conflicts.isEmpty && !dryRun { throw ExitCode(1) }
        }

        private func print(_ plan: PromotionPlan) {
            Output.line("Promote \(plan.from) → \(plan.to)\(dryRun ? " (dry run)" : ""):")
            if plan.isEmpty { Output.line("  nothing to promote") }
            for (label, names) in [("added", plan.added), ("changed", plan.changed), ("removed", plan.removed)] {
                for name in names { Output.line("  \(label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(name)") }
            }
            if !plan.requirements.isEmpty {
                Output.line("\(plan.to) lacks what the promoted flows use:")
                for requirement in plan.requirements { Output.line("  - \(requirement)") }
            }
            if !plan.conflicts.isEmpty {
                Output.line("\(plan.conflicts.count) conflict(s):")
                for item in plan.conflicts { Output.line("  \(item.path) \(item.conflict.summary)") }
                if !dryRun { Output.line("Settle each with `sluice resolve`, then `sluice sync --continue` (or --abort).") }
            }
            if let commit = plan.commit { Output.line("Committed \(commit.prefix(10)).") }
        }
    }
}
