import BenchmarkSupport
import Foundation

/// Everything one benchmark run measured, printed as a table or as JSON.
struct BenchmarkReport: Codable {
    /// When the run finished (ISO 8601).
    var date: String
    var machine: MachineFigures
    /// Timed runs per merge, after one warm-up run.
    var repetitions: Int
    var scenario: ScenarioFigures
    var git: MergeFigures
    var sluice: MergeFigures
    /// Flows and git's conflicted files by what the two sides did to them (`enabled / favorite`, `one side only`, …).
    var byEdit: [String: EditFigures]
    /// Paths Sluice's merge had to merge (changed on both sides, renames included).
    var mergedPaths: Int
    /// Documents Sluice's merge parsed.
    var parsedDocuments: Int
    /// Paths of the merged tree checked against the expected result.
    var verifiedPaths: Int
    /// Changed documents whose merged bytes differ from the canonical form although their JSON is the expected one.
    var notByteIdentical: Int
    /// The temporary folder, when `--keep` left it in place.
    var keptFolder: String?

    /// The report as pretty-printed JSON with sorted keys.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as a few header lines, an aligned table and a summary.
    func table() -> String {
        let figures = scenario
        var lines = [
            String(
                format: "repository: %d flows from %d templates, generated in %.1f s", figures.flows, figures.templates, figures.generationSeconds),
            "edits: each side edits \(figures.editedOnBothSides + figures.editedByOneSidePerSide) flows, \(figures.editedOnBothSides) of them "
                + "on both sides (different members or blocks); plus \(figures.folderRenames) folder renames edited on the other side "
                + "and \(figures.additions) added flows",
            "machine: \(machine.processors) cores, \(machine.system); \(date); \(repetitions) timed runs after one warm-up",
            "",
        ]
        let header = ["merge", "first run", "min", "median", "vs git", "conflicts"]
        let rows = [
            [
                "git merge-tree --write-tree", Timing.format(seconds: git.firstSeconds), Timing.format(seconds: git.minSeconds),
                Timing.format(seconds: git.medianSeconds),
                "1.0x (baseline)",
                "\(git.conflicts) in \(git.conflictedFiles) files (exit \(git.exitStatus ?? 0))",
            ],
            [
                "sluice TreeMerger.merge", Timing.format(seconds: sluice.firstSeconds), Timing.format(seconds: sluice.minSeconds),
                Timing.format(seconds: sluice.medianSeconds),
                String(format: "%.2fx", sluice.timesBaseline), "\(sluice.conflicts) in \(sluice.conflictedFiles) files",
            ],
        ]
        lines += TextTable.lines(header: header, rows: rows)
        lines.append("")
        lines.append(
            "sluice: \(mergedPaths) paths merged, \(parsedDocuments) documents parsed; merged tree verified (\(verifiedPaths) paths, "
                + "\(notByteIdentical) changed documents not byte-identical to the canonical form)")
        lines.append("git's conflicted files / flows, by edit:")
        for (edit, figures) in byEdit.sorted(by: { ($0.value.gitConflicts, $1.key) > ($1.value.gitConflicts, $0.key) }) {
            lines.append("  \(edit): \(figures.gitConflicts) / \(figures.flows)")
        }
        if let keptFolder { lines.append("kept: \(keptFolder)") }
        return lines.joined(separator: "\n")
    }
}

/// How many flows got one kind of edit, and how many of them git reported as conflicted.
struct EditFigures: Codable {
    var flows = 0
    var gitConflicts = 0
}

/// One merge tool's timed runs and conflicts.
struct MergeFigures: Codable {
    /// The warm-up run, the only one that writes new objects (later runs find them and only refresh their times).
    var firstSeconds: Double
    var runsSeconds: [Double]
    var minSeconds: Double
    var medianSeconds: Double
    /// Median over git's median.
    var timesBaseline: Double
    /// Conflicts reported: git's `CONFLICT (…)` messages, Sluice's conflict records.
    var conflicts: Int
    /// Files (documents) with at least one conflict.
    var conflictedFiles: Int
    /// git's exit status (1: conflicts); nil for Sluice's in-process merge.
    var exitStatus: Int32?

    init(firstSeconds: Double, runsSeconds: [Double], baselineMedian: Double, conflicts: Int, conflictedFiles: Int, exitStatus: Int32?) {
        self.firstSeconds = firstSeconds
        self.runsSeconds = runsSeconds
        minSeconds = runsSeconds.min() ?? 0
        medianSeconds = Timing.median(runsSeconds)
        timesBaseline = baselineMedian > 0 ? medianSeconds / baselineMedian : 0
        self.conflicts = conflicts
        self.conflictedFiles = conflictedFiles
        self.exitStatus = exitStatus
    }
}
