import BenchmarkSupport
import Foundation
import SluiceGit
import SluiceJSON
import SluiceSync

/// Progress lines and errors, prefixed with the program name.
let tool = CommandLineTool(name: "sluice-merge-benchmark")

/// One benchmark run: generate the repository, merge once with each tool and check the results, then time both.
struct Benchmark {
    var options: BenchmarkOptions

    /// Runs everything and returns the figures. Removes the temporary folder unless `--keep`.
    func run() throws -> BenchmarkReport {
        var template = Array((FileManager.default.temporaryDirectory.path + "/sluice-merge-benchmark-XXXXXX").utf8CString)
        guard let folder = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw BenchmarkFailure("cannot create a temporary folder")
        }
        let temporary = String(cString: folder)
        defer {
            if options.keep { tool.progress("kept \(temporary)") } else { try? FileManager.default.removeItem(atPath: temporary) }
        }
        let root = temporary + "/repository"
        tool.progress("generating \(options.flows) flows, \(options.edits) edits per side, in \(root)")
        let scenario = try Generator.generate(flows: options.flows, edits: options.edits, at: root)
        tool.progress(String(format: "generated in %.1f s; warming up", scenario.figures.generationSeconds))

        let git = GitMergeTree(repository: root, ours: scenario.ours, theirs: scenario.theirs, output: temporary + "/merge-tree.out")
        let (sluiceResult, sluiceFirst) = try Self.mergeWithSluice(scenario)
        let verified = try Self.verify(sluiceResult, scenario)
        let gitOutcome = try git.run()
        let (gitConflicts, gitMessages) = try git.conflicts()

        var sluiceSeconds: [Double] = []
        var gitSeconds: [Double] = []
        for repetition in 1...options.repetitions {
            tool.progress("run \(repetition)/\(options.repetitions)")
            gitSeconds.append(try git.run().seconds)
            sluiceSeconds.append(try Self.mergeWithSluice(scenario).seconds)
        }

        var byEdit: [String: EditFigures] = [:]
        for edit in scenario.edits.values { byEdit[Self.editKind(edit), default: EditFigures()].flows += 1 }
        for path in gitConflicts { byEdit[Self.editKind(scenario.edits[path] ?? "other"), default: EditFigures()].gitConflicts += 1 }
        let gitMedian = Timing.median(gitSeconds)
        return BenchmarkReport(
            date: ISO8601DateFormatter().string(from: Date()),
            machine: .current(includingMemory: false),
            repetitions: options.repetitions,
            scenario: scenario.figures,
            git: MergeFigures(
                firstSeconds: gitOutcome.seconds, runsSeconds: gitSeconds, baselineMedian: gitMedian, conflicts: gitMessages,
                conflictedFiles: gitConflicts.count,
                exitStatus: gitOutcome.status),
            sluice: MergeFigures(
                firstSeconds: sluiceFirst, runsSeconds: sluiceSeconds, baselineMedian: gitMedian,
                conflicts: sluiceResult.conflicts.values.map(\.count).reduce(0, +),
                conflictedFiles: sluiceResult.conflicts.count, exitStatus: nil),
            byEdit: byEdit,
            mergedPaths: sluiceResult.mergedPaths.count,
            parsedDocuments: sluiceResult.parsedDocuments,
            verifiedPaths: verified.paths,
            notByteIdentical: verified.notByteIdentical,
            keptFolder: options.keep ? temporary : nil
        )
    }

    /// Sluice's merge as the sync engine runs it: merge base, then `TreeMerger`, result tree written. The repository
    /// is opened afresh (outside the clock) so libgit2's object cache starts cold, as a `git` process does.
    static func mergeWithSluice(_ scenario: Scenario) throws -> (result: TreeMergeResult, seconds: Double) {
        let repository = try Repository.open(at: scenario.root)
        let clock = ContinuousClock()
        let start = clock.now
        guard let base = try repository.mergeBase(scenario.ours, scenario.theirs) else {
            throw BenchmarkFailure("ours and theirs have no merge base")
        }
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: scenario.ours, theirs: scenario.theirs)
        return (result, (clock.now - start).seconds)
    }

    /// Checks the merged tree path by path: unchanged flows keep the base blob, renamed folders are gone, and every
    /// flow either side touched holds exactly what applying both sides' edits to the base gives (conflicted documents
    /// aside: they hold ours), as JSON; returns how many paths were checked, and how many of those documents are
    /// equal but not byte-identical to the canonical form (members in another order, say).
    static func verify(_ result: TreeMergeResult, _ scenario: Scenario) throws -> (paths: Int, notByteIdentical: Int) {
        let repository = try Repository.open(at: scenario.root)
        func blobs(_ tree: ObjectID) throws -> [String: ObjectID] {
            let entries = try repository.treeEntries(tree, recursive: true).filter { $0.kind == .blob }
            return Dictionary(entries.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
        }
        let base = try blobs(repository.commit(scenario.base).tree)
        let merged = try blobs(result.tree)
        let wanted = Set(base.keys).subtracting(scenario.removed).union(scenario.expected.keys)
        if let missing = wanted.subtracting(merged.keys).sorted().first {
            throw BenchmarkFailure("the merged tree lacks \(missing) (\(scenario.edits[missing] ?? "unchanged"))")
        }
        if let extra = Set(merged.keys).subtracting(wanted).sorted().first {
            throw BenchmarkFailure("the merged tree holds \(extra), which should not be there")
        }
        var notByteIdentical = 0
        for (path, id) in merged where result.conflicts[path] == nil {
            guard let expected = scenario.expected[path] else {
                guard id == base[path] else { throw BenchmarkFailure("the merge changed \(path), which neither side touched") }
                continue
            }
            let actual = try repository.blob(id)
            if actual == expected { continue }
            if notByteIdentical == 0 {
                tool.progress("first merged document not byte-identical to the canonical form: \(path) (\(scenario.edits[path] ?? "?"))")
            }
            notByteIdentical += 1
            guard (try? JSONParser.parse(actual) == JSONParser.parse(expected)) == true else {
                throw BenchmarkFailure(
                    "the merged \(path) (\(scenario.edits[path] ?? "?")) is not the base with both sides' edits:\n"
                        + String(decoding: actual, as: UTF8.self))
            }
        }
        return (merged.count, notByteIdentical)
    }

    /// `both: favorite / enabled` → `enabled / favorite` (either side's); one-side edits, renames and additions by their kind.
    static func editKind(_ edit: String) -> String {
        if edit.hasPrefix("both: ") { return edit.dropFirst(6).components(separatedBy: " / ").sorted().joined(separator: " / ") }
        if edit.hasPrefix("folder renamed") { return "folder renamed / block 1 name" }
        if edit.hasPrefix("added") { return "added" }
        return "one side only"
    }
}
