import BenchmarkSupport
import Foundation
import SluiceGit
import SluiceWorkspace

/// Progress lines and errors, prefixed with the program name.
let tool = CommandLineTool(name: "sluice-benchmark")

/// One benchmark run: generate a workspace, check the commands work on it, then time them.
struct Benchmark {
    var options: BenchmarkOptions

    /// Runs everything and returns the figures. Removes the temporary folder unless `--keep`.
    func run() throws -> BenchmarkReport {
        let sluice = URL(fileURLWithPath: options.sluicePath).standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: sluice) else {
            throw BenchmarkFailure("no sluice binary at \(sluice); build it with `swift build -c release --product sluice` or pass --sluice PATH")
        }
        let temporary = try makeTemporaryFolder()
        defer {
            if options.keep {
                tool.progress("kept \(temporary)")
            } else {
                try? FileManager.default.removeItem(atPath: temporary)
            }
        }
        let environment = IsolatedEnvironment.make(configFolder: temporary + "/config")
        let outputFolder = temporary + "/output"
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)

        tool.progress("generating \(options.flows) flows in \(temporary)/workspace")
        let workspace = try Generator.generate(flows: options.flows, at: temporary + "/workspace", environment: environment)
        tool.progress(String(format: "generated in %.1f s", workspace.generationSeconds))

        _ = try Repository.createBare(at: temporary + "/remote.git")
        try SyncService(WorkspaceContext.open(at: workspace.root, environment: environment)).addRemote(name: "origin", url: temporary + "/remote.git")

        let gitStatus = BenchmarkCommand(
            label: "git status --porcelain", executable: "/usr/bin/env", arguments: ["git", "status", "--porcelain"], isBaseline: true)
        let sluiceStatus = BenchmarkCommand(label: "sluice status", executable: sluice, arguments: ["status"])
        let validate = BenchmarkCommand(label: "sluice validate", executable: sluice, arguments: ["validate"], outputCheck: .problemCount)
        let clean = [
            BenchmarkCommand(
                label: "git status --porcelain", executable: "/usr/bin/env", arguments: ["git", "status", "--porcelain"],
                isBaseline: true, outputCheck: .cleanStatus),
            BenchmarkCommand(label: "sluice --version", executable: sluice, arguments: ["--version"]),
            sluiceStatus,
            // The warm-up run pushes everything; the timed runs find nothing to do.
            BenchmarkCommand(label: "sluice sync (no-op)", executable: sluice, arguments: ["sync"], outputCheck: .upToDate),
            BenchmarkCommand(label: "sluice flows list --json", executable: sluice, arguments: ["flows", "list", "--json"], outputCheck: .flowList),
            validate,
        ]
        var validation = ValidationFigures(errors: 0, warnings: 0)
        let cleanFigures = try measure(
            clean, title: "clean work tree, \(options.flows) flows", in: workspace.root, environment: environment, output: outputFolder,
            validation: &validation)

        tool.progress("editing \(options.edited) flows by hand")
        try Generator.editFlows(min(options.edited, options.flows), in: workspace.root)
        var editedValidation = ValidationFigures(errors: 0, warnings: 0)
        let editedFigures = try measure(
            [gitStatus, sluiceStatus, validate], title: "after hand edits to \(options.edited) of them", in: workspace.root,
            environment: environment, output: outputFolder, validation: &editedValidation)

        return BenchmarkReport(
            date: ISO8601DateFormatter().string(from: Date()),
            machine: .current(),
            sluice: sluice,
            repetitions: options.repetitions,
            workspace: WorkspaceFigures(workspace),
            validation: validation,
            phases: [cleanFigures, editedFigures],
            benchmarkPeakRSSBytes: ProcessSpawner.ownPeakRSSBytes(),
            keptFolder: options.keep ? temporary : nil
        )
    }

    /// Runs each command once as a warm-up (its output checked, its time reported as the first run), then times them
    /// interleaved, so that drift on the machine affects every command alike.
    private func measure(
        _ commands: [BenchmarkCommand], title: String, in root: String, environment: [String: String], output folder: String,
        validation: inout ValidationFigures
    ) throws -> PhaseFigures {
        tool.progress("\(title): warming up")
        var firstRuns: [RunResult] = []
        for (index, command) in commands.enumerated() {
            let output = RunOutput(standardOutput: "\(folder)/\(index).out", standardError: "\(folder)/\(index).err")
            let result = try Runner.run(command, in: root, environment: environment, output: output)
            try check(result, of: command, output: output)
            firstRuns.append(result)
            switch command.outputCheck {
            case .flowList: try checkFlowList(output, expected: options.flows)
            case .problemCount: validation = try countProblems(output)
            case .cleanStatus: try checkCleanStatus(output)
            case .upToDate: try checkUpToDate(command, output: output, root: root, environment: environment)
            case .none: break
            }
        }
        var runs = Array(repeating: [RunResult](), count: commands.count)
        for repetition in 1...options.repetitions {
            tool.progress("\(title): run \(repetition)/\(options.repetitions)")
            for (index, command) in commands.enumerated() {
                let errors = RunOutput(standardOutput: "/dev/null", standardError: "\(folder)/timed.err")
                let result = try Runner.run(command, in: root, environment: environment, output: errors)
                try check(result, of: command, output: errors)
                runs[index].append(result)
            }
        }
        let baselineIndex = commands.firstIndex { $0.isBaseline } ?? 0
        let baselineMedian = Timing.median(runs[baselineIndex].map(\.seconds))
        return PhaseFigures(
            title: title,
            commands: commands.indices.map {
                CommandFigures(command: commands[$0], firstRun: firstRuns[$0], runs: runs[$0], baselineMedian: baselineMedian)
            })
    }

    /// A second sync right after the warm-up must find nothing to do, or the timed runs would not be no-ops.
    private func checkUpToDate(_ command: BenchmarkCommand, output: RunOutput, root: String, environment: [String: String]) throws {
        let again = RunOutput(standardOutput: output.standardOutput + ".again", standardError: output.standardError + ".again")
        let result = try Runner.run(command, in: root, environment: environment, output: again)
        try check(result, of: command, output: again)
        let text = try String(contentsOfFile: again.standardOutput, encoding: .utf8)
        guard text.contains("up to date") else {
            throw BenchmarkFailure("a second `\(command.label)` did something instead of nothing: \(text.prefix(200))")
        }
    }

    /// Fails with the command's first line of output when it did not exit 0.
    private func check(_ result: RunResult, of command: BenchmarkCommand, output: RunOutput) throws {
        guard result.exitStatus != 0 else { return }
        let said =
            [output.standardOutput, output.standardError]
            .compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            .flatMap { $0.split(separator: "\n") }
            .first.map { ": \($0)" } ?? ""
        throw BenchmarkFailure("`\(command.label)` exited with status \(result.exitStatus) on the generated workspace\(said)")
    }

    /// `flows list --json` must list every generated flow, all valid.
    private func checkFlowList(_ output: RunOutput, expected: Int) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: output.standardOutput))
        let flows: [FlowSummary]
        do { flows = try JSONDecoder().decode([FlowSummary].self, from: data) } catch {
            throw BenchmarkFailure("`sluice flows list --json` printed output that is not a list of flows: \(error)")
        }
        let invalid = flows.filter { !$0.valid }
        guard flows.count == expected, invalid.isEmpty else {
            let first = invalid.first.map { ", first: \($0.path): \($0.problem ?? "?")" } ?? ""
            throw BenchmarkFailure(
                "`sluice flows list --json` lists \(flows.count) flows (\(invalid.count) invalid\(first)), expected \(expected) valid ones")
        }
    }

    /// Counts the problems `sluice validate` printed (it exits 1 on errors, so these are warnings).
    private func countProblems(_ output: RunOutput) throws -> ValidationFigures {
        let text = try String(contentsOfFile: output.standardOutput, encoding: .utf8)
        let lines = text.split(separator: "\n")
        let warnings = lines.filter { $0.contains(": warning: ") }.count
        return ValidationFigures(errors: lines.count - warnings, warnings: warnings)
    }

    /// The baseline is only fair on a clean work tree: the generation commit must hold everything.
    private func checkCleanStatus(_ output: RunOutput) throws {
        let text = try String(contentsOfFile: output.standardOutput, encoding: .utf8)
        let changed = text.split(separator: "\n")
        if let first = changed.first {
            throw BenchmarkFailure("`git status --porcelain` shows \(changed.count) uncommitted paths after the generation commit, first: \(first)")
        }
    }

    /// A new folder under the system's temporary folder.
    private func makeTemporaryFolder() throws -> String {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-benchmark-XXXXXX")
        var buffer = Array(template.utf8CString)
        let created = buffer.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkdtemp($0) != nil } ?? false }
        guard created else { throw BenchmarkFailure("cannot create a temporary folder from \(template): \(String(cString: strerror(errno)))") }
        let path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
