import ArgumentParser
import Foundation
import SluiceJSON
import SluiceRunner
import SluiceWorkspace

extension Sluice {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a flow now, from the documents checked out.",
            discussion: """
                Runs once per --asset and per asset --search finds (the asset is the trigger's asset), or once without
                one; up to --parallel runs at once. A flow whose document has errors does not run, and the errors are
                printed. Disabled flows run too: running by hand is explicit. Exits 2 when a run fails.
                Example: sluice run thumbnails --search 'folder:products/* type:image'
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The flow (id, slug or name).") var flow: String
        @Option(name: .customLong("asset"), help: "A public id to run on (repeatable).") var assets: [String] = []
        @Option(help: "Also run on every asset this search finds (the language of `sluice assets search`).") var search: String?
        @Option(help: "How many runs go at once (default: one more than the machine's cores).") var parallel = RunService.defaultParallelRuns
        @Option(help: "Key-value data for the trigger, as a JSON object ({{trigger.data…}}).") var data: String?

        func run() async throws {
            var payload = JSONValue.object(JSONObject())
            if let data {
                do { payload = try JSONParser.parse(data) } catch { throw ValidationError("--data is not JSON: \(error.message)") }
                guard case .object = payload else { throw ValidationError("--data must be a JSON object") }
            }
            guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
            let runs = try await RunService(workspace.context()).run(flow, assets: assets, search: search, data: payload, parallel: parallel)
            if output.json { try Output.json(runs) } else { runs.forEach { Output.line(Sluice.Runs.summary($0)) } }
            if runs.contains(where: { $0.status == .failed }) { throw ExitCode(2) }
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List runs, or resume the ones a crash left unfinished.", subcommands: [List.self, Resume.self], defaultSubcommand: List.self)

        /// `run_… Flow name: succeeded in 0.12 s` or `… failed at block b: message`.
        static func summary(_ run: RunRecord) -> String {
            let seconds = run.finishedAt.map { String(format: " in %.2f s", $0.timeIntervalSince(run.startedAt)) } ?? ""
            let asset = run.trigger["asset"]?["publicId"]?.stringValue.map { " on \($0)" } ?? ""
            switch run.status {
            case .failed: return "\(run.id) \(run.flowName)\(asset): failed at block \(run.failedBlock ?? "?"): \(run.error ?? "")"
            case .waiting: return "\(run.id) \(run.flowName)\(asset): waiting for a moderation decision"
            default: return "\(run.id) \(run.flowName)\(asset): \(run.status.rawValue)\(seconds)"
            }
        }
    }

    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a run: trigger, each block's status, inputs (secrets redacted), output, error and time.",
            discussion: "Without --run, the flow's latest run. --follow prints blocks as they finish until the run ends.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The flow (id, slug or name).") var flow: String?
        @Option(help: "The run id.") var run: String?
        @Flag(help: "Keep printing until the run ends.") var follow = false

        func validate() throws {
            if flow == nil, run == nil { throw ValidationError("name a flow or --run ID") }
        }

        func run() async throws {
            let runs = RunService(try workspace.context())
            let log = try runs.log(flow: flow, run: run)
            if output.json { return try Output.json(log) }
            var (record, steps) = (log.run, log.steps)
            Output.line(Sluice.Runs.summary(record))
            Output.line("  trigger (\(record.triggerType)): \(record.trigger.compactText())")
            var printed = 0
            while true {
                for step in steps.dropFirst(printed) { Self.print(step) }
                printed = steps.count
                guard follow, record.status == .running else { break }
                try await Task.sleep(nanoseconds: 200_000_000)
                let next = try runs.log(flow: nil, run: record.id)
                (record, steps) = (next.run, next.steps)
            }
            if follow { Output.line(Sluice.Runs.summary(record)) }
        }

        static func print(_ step: StepRecord) {
            let place = step.scope.isEmpty ? "" : " [\(step.scope.dropLast())]"
            let time = step.seconds.map { String(format: " %.3f s", $0) } ?? ""
            let tries = step.attempts > 1 ? ", \(step.attempts) attempts" : ""
            Output.line(
                "  \(step.blockID) (\(step.blockType))\(place): \(step.status.rawValue)\(time)\(tries) → \(step.ports.joined(separator: ", "))")
            if let inputs = step.inputs { Output.line("    inputs: \(inputs.compactText())") }
            if let output = step.output { Output.line("    output: \(output.compactText())") }
            if let error = step.error { Output.line("    error: \(error)") }
        }
    }
}

extension Sluice.Runs {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Runs, newest first.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "Only this flow's runs.") var flow: String?
        @Option(help: "Only runs in this status (running, waiting, succeeded, failed).") var status: RunStatus?
        @Option(help: "At most this many.") var limit = 50

        func run() throws {
            let runs = try RunService(workspace.context()).runs(flow: flow, status: status, limit: limit)
            if output.json { return try Output.json(runs) }
            if runs.isEmpty { return Output.line("no runs") }
            runs.forEach { Output.line(Sluice.Runs.summary($0)) }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue runs a crash or restart left unfinished; finished blocks are not run again.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        func run() async throws {
            let runs = try await RunService(workspace.context()).resume()
            if output.json { return try Output.json(runs) }
            if runs.isEmpty { return Output.line("no unfinished runs") }
            runs.forEach { Output.line(Sluice.Runs.summary($0)) }
        }
    }
}

extension RunStatus: ExpressibleByArgument {}
