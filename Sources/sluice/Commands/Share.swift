import ArgumentParser
import SluiceSync
import SluiceWorkspace

extension Sluice {
    struct Share: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a link a colleague imports the flow with (`sluice import LINK`).",
            discussion: "The link names the remote's URL, this environment and the flow's id; push first (`sluice sync`) so the remote has the flow.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The flow.") var flow: String
        @Option(help: "The remote whose URL the link uses (default: origin, or the only remote).") var remote: String?
        func run() throws { Output.line(try SharingService(workspace.context()).share(flow, remote: remote).description) }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a shared flow to this environment, or merge its upstream changes (--update).",
            discussion: """
                The flow keeps its id and remembers where it came from; it arrives disabled, without secret values or
                connection bindings, and the command lists what to provide. `--update FLOW` merges upstream changes with
                local edits three-way (the base is the version imported last). On conflicts it stops like a sync: the
                flow in the work tree keeps your value at each conflict; settle them with `sluice resolve`, then
                `sluice sync --continue` commits the update (or `sluice sync --abort` undoes it).
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The link `sluice share` printed (with --update: the imported flow).") var target: String
        @Flag(help: "Merge upstream changes into an imported flow.") var update = false

        func run() throws {
            let sharing = try SharingService(workspace.context())
            let report: ImportReport
            if update {
                report = try sharing.updateImportedFlow(target)
            } else {
                guard let link = FlowLink(target) else {
                    throw CommandFailure(message: "\(target): not a flow link (expected sluice-flow:URL#ENVIRONMENT/FLOW-ID from `sluice share`)")
                }
                report = try sharing.importFlow(link)
            }
            if output.json { return try Output.json(report) }
            if !report.conflicts.isEmpty {
                Output.line("Updating \"\(report.name)\" stopped: local edits conflict with upstream changes in \(report.path):")
                for conflict in report.conflicts { Output.line("  \(conflict.summary)") }
                Output.line("Settle each with `sluice resolve \(report.path) POINTER --ours|--theirs|--value JSON`, then `sluice sync --continue`")
                Output.line("(or `sluice sync --abort` to leave the flow as it was).")
                throw ExitCode(1)
            }
            Output.line(
                update ? "Updated \"\(report.name)\" (\(report.path))" : "Imported \"\(report.name)\" (\(report.flow)) into \(report.path), disabled")
            if !report.requirements.isEmpty {
                Output.line("Before it can run, provide:")
                for requirement in report.requirements { Output.line("  - \(requirement)") }
            }
        }
    }
}
