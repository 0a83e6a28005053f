import ArgumentParser
import Foundation
import SluiceRunner
import SluiceWorkspace

extension Sluice {
    struct Moderation: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs parked on Manual Moderation blocks: list them, approve or reject.",
            subcommands: [List.self, Approve.self, Reject.self], defaultSubcommand: List.self)
    }

    struct Usage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Touchpoints per flow for a billing cycle or a date range, and the number of flows in every environment.",
            discussion: """
                A touchpoint is one asset processed by a run that passed its trigger's conditions; resumes never count twice.
                Cycles start on the manifest's billingCycleDay (UTC).
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Option(help: "current, previous, or YYYY-MM (the cycle that starts that month).") var cycle: String?
        @Option(help: "First day of a custom range (YYYY-MM-DD).") var from: String?
        @Option(help: "Last day of a custom range (YYYY-MM-DD).") var to: String?

        func validate() throws {
            if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
            if from != nil, cycle != nil { throw ValidationError("choose --cycle or --from/--to") }
        }

        func run() throws {
            let period = try from.flatMap { from in try to.map { try UsagePeriod(from: from, to: $0) } } ?? UsagePeriod(cycle: cycle ?? "current")
            let report = try UsageService(workspace.context()).report(period)
            if output.json { return try Output.json(report) }
            Output.line("Cycle \(report.cycle): \(report.from) to \(report.to) (exclusive); cycles start on day \(report.billingCycleDay)")
            Output.line("Touchpoints: \(report.touchpoints)")
            for flow in report.flows { Output.line("  \(flow.touchpoints)  \(flow.flowName) (\(flow.environment))") }
            let environments = report.flowsByEnvironment.keys.sorted().map { "\($0) \(report.flowsByEnvironment[$0] ?? 0)" }
            Output.line(
                "Flows: \(report.totalFlows) across \(report.flowsByEnvironment.count) environment(s): \(environments.joined(separator: ", "))")
        }
    }
}

extension Sluice.Moderation {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Runs waiting for a decision, oldest first.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let queue = try RunService(workspace.context()).moderationQueue()
            if output.json { return try Output.json(queue) }
            if queue.isEmpty { return Output.line("nothing waits for moderation") }
            for item in queue {
                Output.line(
                    "\(item.run)  \(item.flow)  block \(item.block)  asset \(item.asset ?? "-")\(item.instructions.map { "  — \($0)" } ?? "")")
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve: the run goes on along the block's then port.")
        @OptionGroup var decision: Decision

        func run() async throws { try await decision.apply(approve: true) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject: the run goes on along the block's else port.")
        @OptionGroup var decision: Decision

        func run() async throws { try await decision.apply(approve: false) }
    }

    /// What approve and reject take.
    struct Decision: ParsableArguments {
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The run id.") var run: String
        @Option(help: "The moderation block, when the run waits on several.") var block: String?

        func apply(approve: Bool) async throws {
            Output.line(Sluice.Runs.summary(try await RunService(workspace.context()).decide(run: run, block: block, approve: approve)))
        }
    }
}
