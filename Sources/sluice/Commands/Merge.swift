import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMerge
import SluiceWorkspace

extension Sluice {
    struct MergeFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-file",
            abstract: "Three-way merge of JSON files, structure-aware; the arguments and exit status of `git merge-file`.",
            discussion: """
                Merges the changes from BASE to THEIRS into OURS (or prints the result with -p). Works on any JSON
                file; Sluice documents get their kind's rules (docs/merge.md). The result is always valid JSON
                without conflict markers: at a conflict it keeps OURS, and each conflict is printed on stderr as a
                JSON pointer. Exits with the number of conflicts (0 when clean), 255 on bad input. An empty file
                stands for a document absent on that side.
                """
        )
        @Argument(help: "Our version; receives the result unless -p.") var ours: String
        @Argument(help: "The common ancestor.") var base: String
        @Argument(help: "Their version.") var theirs: String
        @Flag(name: .customShort("p"), help: "Print the result instead of writing OURS.") var print = false
        @Flag(name: [.customShort("q"), .long], help: "Do not print conflicts.") var quiet = false

        func run() throws {
            let outcome = try mergeFiles(base: base, ours: ours, theirs: theirs)
            if print {
                FileHandle.standardOutput.write(Data(outcome.bytes ?? []))
            } else {
                try writeResult(outcome, to: ours)
            }
            if !quiet { for conflict in outcome.conflicts { Output.note("conflict: \(conflict.summary)") } }
            if !outcome.conflicts.isEmpty { throw ExitCode(Int32(min(outcome.conflicts.count, 127))) }
        }
    }

    struct MergeDriver: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "The git merge driver for Sluice documents (`sluice init` and `sluice doctor --fix` register it).",
            discussion: """
                git runs `sluice merge-driver %O %A %B %P`: it merges the versions, writes the result into %A, records
                the conflicts for `sluice conflicts`, and exits 1 when any are left so git marks the file conflicted.
                A version that is not JSON leaves %A as it is and exits 1.
                """
        )
        @Argument(help: "%O: the ancestor's version.") var base: String
        @Argument(help: "%A: our version; receives the result.") var ours: String
        @Argument(help: "%B: their version.") var theirs: String
        @Argument(help: "%P: the path of the file in the repository.") var path: String = ""

        func run() throws {
            let outcome = try mergeFiles(base: base, ours: ours, theirs: theirs, displayPath: path)
            try writeResult(outcome, to: ours)
            let root = FileManager.default.currentDirectoryPath
            if FileManager.default.fileExists(atPath: root + "/.sluice") || FileManager.default.fileExists(atPath: root + "/sluice.json") {
                try ConflictStore(root: root).record(outcome.conflicts, for: path)
            }
            for conflict in outcome.conflicts { Output.note("sluice: conflict in \(path): \(conflict.summary)") }
            if !outcome.conflicts.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Reads the three versions and merges them; a version that is not JSON is reported and exits 255.
private func mergeFiles(base: String, ours: String, theirs: String, displayPath: String? = nil) throws -> FileMerger.Outcome {
    func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure(message: "\(path): cannot read file", code: 255) }
        return Array(data)
    }
    do {
        let name = { (path: String) in displayPath.flatMap { $0.isEmpty ? nil : $0 } ?? path }
        return try FileMerger.merge(
            base: read(base), ours: read(ours), theirs: read(theirs), paths: (name(base), name(ours), name(theirs)),
            documentPath: displayPath)
    } catch let error as FileMerger.InvalidInput {
        throw CommandFailure(message: error.description, code: displayPath == nil ? 255 : 1)
    }
}

/// Writes the merged bytes (an empty file when the merge deletes the document).
private func writeResult(_ outcome: FileMerger.Outcome, to path: String) throws {
    try AtomicFile.write(outcome.bytes ?? [], to: path)
}
