import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceWorkspace

extension Sluice {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check documents: schema, references, exactly one trigger, no cycles.",
            discussion: "Prints each problem as `path:line:column: /json/pointer: message` and exits 1 when there are errors."
        )

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        @Argument(help: "Documents or folders to report on (default: the whole workspace).")
        var paths: [String] = []

        func run() throws {
            let context = try workspace.context(showingSkipped: false)
            let relative = try paths.map { path in
                if FileManager.default.fileExists(atPath: path) { return context.relativePath(of: path) }
                if FileManager.default.fileExists(atPath: context.absolute(path)) { return path }
                throw CommandFailure(message: "\(path): no such file or folder")
            }
            let problems = try WorkspaceService(context).validate(paths: relative)
            if output.json {
                try Output.json(problems.map(ProblemRecord.init))
            } else {
                for problem in problems { Output.line(problem.description) }
                if problems.isEmpty { Output.note("All documents are valid.") }
            }
            if problems.hasErrors { throw ExitCode(1) }
        }
    }
}
