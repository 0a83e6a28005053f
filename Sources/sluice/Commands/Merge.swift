import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceSync

extension Sluice {
    struct MergeFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-file",
            abstract: "Three-way merge of JSON files, structure-aware; the arguments and exit status of `git merge-file`.",
            discussion: """
                Merges the changes from BASE to THEIRS into OURS (or prints the result with -p). Works on any JSON
                file; Sluice documents get their kind's rules (docs/merge.md), and a rule the two sides' changes break
                together (a link to a block the other side deleted) is a conflict. The result is valid JSON without
                conflict markers: at a conflict it keeps OURS, and each conflict is printed on stderr as a JSON pointer.
                A version that is not strict JSON (comments, a duplicate key, a trailing comma) is merged line by line
                as git does, with git's markers where lines conflict, and stderr says so. Exits with the number of
                conflicts (0 when clean), 255 when a file cannot be read. An empty file stands for a document absent on
                that side.
                """
        )
        @Argument(help: "Our version; receives the result unless -p.") var ours: String
        @Argument(help: "The common ancestor.") var base: String
        @Argument(help: "Their version.") var theirs: String
        @Flag(name: .customShort("p"), help: "Print the result instead of writing OURS.") var print = false
        @Flag(name: [.customShort("q"), .long], help: "Do not print conflicts.") var quiet = false

        func run() throws {
            let outcome = try mergeFiles(base: base, ours: ours, theirs: theirs, path: nil)
            if print {
                FileHandle.standardOutput.write(Data(outcome.bytes ?? []))
            } else {
                try AtomicFile.write(outcome.bytes ?? [], to: ours)
            }
            report(outcome, quiet: quiet) { "conflict: \($0)" }
            if !outcome.isClean { throw ExitCode(Int32(min(outcome.conflictCount, 127))) }
        }
    }

    struct MergeDriver: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "The git merge driver for Sluice documents (`sluice init` and `sluice doctor --fix` register it).",
            discussion: """
                git runs `sluice merge-driver %O %A %B %P`: it merges the versions, writes the result into %A, records
                the conflicts for `sluice conflicts`, and exits 1 when any are left so git marks the file conflicted.
                A version that is not strict JSON is merged line by line as git would, with git's markers.
                """
        )
        @Argument(help: "%O: the ancestor's version.") var base: String
        @Argument(help: "%A: our version; receives the result.") var ours: String
        @Argument(help: "%B: their version.") var theirs: String
        @Argument(help: "%P: the path of the file in the repository.") var path: String = ""

        func run() throws {
            let outcome = try mergeFiles(base: base, ours: ours, theirs: theirs, path: path.isEmpty ? nil : path)
            try AtomicFile.write(outcome.bytes ?? [], to: ours)
            if let store = ConflictStore.inWorkspace(at: FileManager.default.currentDirectoryPath) {
                try store.record(outcome.conflicts, for: path)
            }
            report(outcome, quiet: false) { "sluice: conflict in \(path): \($0)" }
            if !outcome.isClean { throw ExitCode(1) }
        }
    }
}

/// Reads the three versions and merges them; a file that cannot be read exits 255.
private func mergeFiles(base: String, ours: String, theirs: String, path: String?) throws -> DocumentMergeOutcome {
    do {
        return try DocumentMerger.merge(DocumentMerger.input(base: base, ours: ours, theirs: theirs, path: path))
    } catch .file(let error) {
        throw CommandFailure(message: error.description, code: 255)
    }
}

/// Prints what a merge left on stderr: each conflict, or that git's line merge ran and where it left markers.
private func report(_ outcome: DocumentMergeOutcome, quiet: Bool, _ line: (String) -> String) {
    switch outcome {
    case .structural(_, let conflicts):
        if !quiet { for conflict in conflicts { Output.note(line(conflict.summary)) } }
    case .lines(let result, let reason):
        Output.note("sluice: \(reason); merged line by line as git does")
        if !quiet, !result.isClean { Output.note(line("\(result.conflicts) region(s) with git's conflict markers")) }
    }
}
