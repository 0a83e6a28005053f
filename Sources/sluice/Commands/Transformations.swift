import ArgumentParser
import SluiceWorkspace

extension Sluice {
    struct Transformations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, show, set and delete named transformations (transformations/NAME.json, used as t_NAME).",
            discussion: """
                A named transformation is a document, so it syncs, merges and promotes like a flow; any transformation
                uses it as t_NAME, alone in its component. Each change is one commit.
                Example: sluice transformations set card 'c_fill,g_auto,w_400,h_300/e_sharpen' --description 'Product cards'
                """,
            subcommands: [List.self, Show.self, Set.self, Delete.self], defaultSubcommand: List.self)

        static func print(_ records: [NamedTransformationRecord], json: Bool) throws {
            if json { return try Output.json(records) }
            if records.isEmpty { return Output.line("no named transformations (`sluice transformations set NAME TRANSFORMATION` adds one)") }
            Output.table(
                ["NAME", "TRANSFORMATION", "DESCRIPTION"],
                records.map { [$0.name, $0.problems.isEmpty ? $0.transformation ?? "-" : "invalid: \($0.problems[0])", $0.description ?? ""] })
        }
    }
}

extension Sluice.Transformations {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The named transformations of this environment.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        func run() throws { try Sluice.Transformations.print(try TransformationService(workspace.context()).list(), json: output.json) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One named transformation.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "Its name.") var name: String

        func run() throws {
            let record = try TransformationService(workspace.context()).show(name)
            if output.json { return try Output.json(record) }
            Output.line("\(record.name)  (\(record.path))")
            Output.line("  transformation: \(record.transformation ?? "-")")
            if let description = record.description { Output.line("  description:    \(description)") }
            for problem in record.problems { Output.line("  error: \(problem)") }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or change a named transformation (see `sluice assets derive --help` for the syntax).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Its name: letters, digits, - and _.") var name: String
        @Argument(help: "The transformation, e.g. c_fill,g_auto,w_400,h_300.") var transformation: String
        @Option(help: "What it is for.") var description: String?

        func run() throws {
            let record = try TransformationService(workspace.context()).set(name, transformation: transformation, description: description)
            Output.line("Set t_\(record.name) = \(record.transformation ?? transformation) (\(record.path))")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a named transformation (refused while something uses it).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "Its name.") var name: String

        func run() throws {
            try TransformationService(workspace.context()).delete(name)
            Output.line("Deleted named transformation \(name)")
        }
    }
}
