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
                "git merge-tree --write-tree", Self.seconds(git.firstSeconds), Self.seconds(git.minSeconds), Self.seconds(git.medianSeconds),
                "1.0x (baseline)",
                "\(git.conflicts) in \(git.conflictedFiles) files (exit \(git.exitStatus ?? 0))",
            ],
            [
                "sluice TreeMerger.merge", Self.seconds(sluice.firstSeconds), Self.seconds(sluice.minSeconds), Self.seconds(sluice.medianSeconds),
                String(format: "%.2fx", sluice.timesBaseline), "\(sluice.conflicts) in \(sluice.conflictedFiles) files",
            ],
        ]
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  "))
        }
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

    private static func seconds(_ value: Double) -> String {
        String(format: value < 1 ? "%.3f s" : "%.2f s", value)
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

enum Timing {
    /// The middle value, or the mean of the two middle values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The machine the figures come from.
struct MachineFigures: Codable {
    var processors: Int
    /// Kernel name, release and architecture, e.g. `Linux 6.8.0 x86_64`.
    var system: String

    static var current: MachineFigures {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return MachineFigures(
            processors: ProcessInfo.processInfo.activeProcessorCount,
            system: "\(field(names.sysname)) \(field(names.release)) \(field(names.machine))")
    }
}
