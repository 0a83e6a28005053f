import BenchmarkSupport
import Foundation

/// Everything one benchmark run measured, printed as a table or as JSON.
struct BenchmarkReport: Codable {
    /// When the run finished (ISO 8601).
    var date: String
    var machine: MachineFigures
    /// The sluice binary measured.
    var sluice: String
    /// Timed runs per command, after one warm-up run.
    var repetitions: Int
    var workspace: WorkspaceFigures
    /// What `sluice validate` reported on the generated workspace.
    var validation: ValidationFigures
    /// The clean work tree, then the same after hand edits.
    var phases: [PhaseFigures]
    /// The benchmark process's own peak RSS, which bounds what `wait4` can tell about small children.
    var benchmarkPeakRSSBytes: Int64
    /// The temporary folder, when `--keep` left it in place.
    var keptFolder: String?

    /// The report as pretty-printed JSON with sorted keys.
    func json() throws -> String { try ReportJSON.text(self) }

    /// The report as a few header lines and an aligned table.
    func table() -> String {
        let generated = String(
            format: "generated in %.1f s (create %.2f s, write %.1f s, commit %.1f s)",
            workspace.generationSeconds, workspace.createSeconds, workspace.writeSeconds, workspace.commitSeconds)
        var lines = [
            "workspace: \(workspace.flows) flows, \(workspace.files) files, \(Self.megabytes(workspace.bytes)) (.git \(Self.megabytes(workspace.gitBytes))), \(generated)",
            "validate: \(validation.errors) errors, \(validation.warnings) warnings; \(repetitions) timed runs per command after one warm-up",
            "machine: \(machine.processors) cores, \(Self.megabytes(machine.memoryBytes ?? 0)) memory, \(machine.system); \(date)",
            "",
        ]
        let header = ["command", "first run", "min", "median", "vs git status", "peak RSS"]
        for phase in phases {
            lines.append(phase.title + ":")
            let rows = phase.commands.map { figures in
                [
                    figures.command, Timing.format(seconds: figures.firstRunSeconds), Timing.format(seconds: figures.minSeconds),
                    Timing.format(seconds: figures.medianSeconds),
                    figures.isBaseline ? "1.0x (baseline)" : String(format: "%.1fx", figures.timesBaseline),
                    (figures.peakRSSIsUpperBound ? "≤ " : "") + Self.megabytes(figures.peakRSSBytes),
                ]
            }
            lines += TextTable.lines(header: header, rows: rows) + [""]
        }
        lines.append("first run: the warm-up, which fills sluice's document cache (.sluice/cache) where it is empty")
        if phases.contains(where: { $0.commands.contains(where: \.peakRSSIsUpperBound) }) {
            lines.append(
                "≤: at most this; the kernel counts the benchmark's own peak (\(Self.megabytes(benchmarkPeakRSSBytes))) in a spawned child's")
        }
        return lines.joined(separator: "\n")
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}

/// One set of commands timed against the same baseline.
struct PhaseFigures: Codable {
    var title: String
    var commands: [CommandFigures]
}

/// The figures for one command over its timed runs.
struct CommandFigures: Codable {
    var command: String
    /// The warm-up run.
    var firstRunSeconds: Double
    var runsSeconds: [Double]
    var minSeconds: Double
    var medianSeconds: Double
    /// Median over the baseline's median; 1 for the baseline itself.
    var timesBaseline: Double
    var isBaseline: Bool
    /// The largest peak RSS over the timed runs, in bytes.
    var peakRSSBytes: Int64
    /// The real peak is at most `peakRSSBytes` (see ``RunResult/peakRSSIsUpperBound``).
    var peakRSSIsUpperBound: Bool

    init(command: BenchmarkCommand, firstRun: RunResult, runs: [RunResult], baselineMedian: Double) {
        self.command = command.label
        firstRunSeconds = firstRun.seconds
        runsSeconds = runs.map(\.seconds)
        minSeconds = runsSeconds.min() ?? 0
        medianSeconds = Timing.median(runsSeconds)
        timesBaseline = baselineMedian > 0 ? medianSeconds / baselineMedian : 0
        isBaseline = command.isBaseline
        let largest = runs.max { $0.peakRSSBytes < $1.peakRSSBytes }
        peakRSSBytes = largest?.peakRSSBytes ?? 0
        peakRSSIsUpperBound = largest?.peakRSSIsUpperBound ?? true
    }
}

/// The generated workspace.
struct WorkspaceFigures: Codable {
    var flows: Int
    /// Files in the work tree (`.git` and `.sluice` excluded) and their size.
    var files: Int
    var bytes: Int64
    var gitBytes: Int64
    var generationSeconds: Double
    var createSeconds: Double
    var writeSeconds: Double
    var commitSeconds: Double

    init(_ workspace: GeneratedWorkspace) {
        flows = workspace.flows
        files = workspace.files
        bytes = workspace.bytes
        gitBytes = workspace.gitBytes
        generationSeconds = workspace.generationSeconds
        createSeconds = workspace.createSeconds
        writeSeconds = workspace.writeSeconds
        commitSeconds = workspace.commitSeconds
    }
}

/// The problems `sluice validate` printed in its warm-up run.
struct ValidationFigures: Codable {
    var errors: Int
    var warnings: Int
}
