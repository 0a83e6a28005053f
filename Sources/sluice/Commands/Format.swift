import ArgumentParser
import SluiceWorkspace

extension Sluice {
    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fmt",
            abstract: "Rewrite documents in canonical form (2-space indent, fixed key order, trailing newline).",
            discussion:
                "Documents without uncommitted edits are committed; hand-edited ones are rewritten and left for `sluice commit`. With --check, only reports and exits 1 when any document is not canonical. A document with errors cannot be formatted: it is named, and the exit status is 1 (`sluice validate` tells what is wrong)."
        )

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        @Flag(help: "Report documents that are not in canonical form without rewriting them.")
        var check = false

        func run() throws {
            let result = try WorkspaceService(workspace.context(showingSkipped: false)).format(check: check)
            if output.json {
                try Output.json(result)
            } else {
                for path in result.reformatted { Output.line(check ? "not canonical: \(path)" : "formatted: \(path)") }
                for path in result.skipped { Output.note("skipped (has errors): \(path)") }
                if result.reformatted.isEmpty, result.skipped.isEmpty { Output.note("All documents are in canonical form.") }
                if !result.skipped.isEmpty {
                    Output.note("\(result.skipped.count) document(s) could not be formatted: they have errors (`sluice validate` shows them)")
                }
            }
            if (check && !result.reformatted.isEmpty) || !result.skipped.isEmpty { throw ExitCode(1) }
        }
    }
}
