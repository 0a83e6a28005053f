import ArgumentParser
import SluiceDocuments
import SluiceWorkspace

extension Sluice {
    struct Flows: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list, show and change flows.",
            discussion: "FLOW is a flow id, its folder name (slug) or its unique name.",
            subcommands: [
                New.self, List.self, Show.self, Rename.self, Delete.self, Duplicate.self,
                Enable.self, Disable.self, Favorite.self, Unfavorite.self, ErrorNotification.self,
                Vars.self, Secrets.self, Connect.self,
            ],
            defaultSubcommand: List.self
        )
    }
}

extension Sluice.Flows {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a disabled flow, from scratch or from a template.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The flow's display name.") var name: String
        @Flag(help: "A power flow (a graph of blocks) or an easy flow (trigger, conditions, actions).") var type: FlowType?
        @Option(help: "Start from a template (see `sluice templates`).") var template: String?

        func validate() throws {
            if type == nil, template == nil { throw ValidationError("give --power or --easy, or a --template") }
        }

        func run() throws {
            let record = try FlowService(workspace.context()).create(name: name, type: type, template: template)
            Output.line(
                "Created flow \"\(record.flow.name)\" (\(record.flow.id)) in \(record.path); enable it with `sluice flows enable \(record.slug)`")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the flows of this environment.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Only favorite flows.") var favorites = false

        func run() throws {
            let flows = try FlowService(workspace.context(showingSkipped: false)).list(favoritesOnly: favorites)
            if output.json { return try Output.json(flows) }
            guard !flows.isEmpty else { return Output.line("No flows yet; create one with `sluice flows new NAME --template T`.") }
            Output.table(
                ["NAME", "SLUG", "TYPE", "STATE", "TRIGGER", "BLOCKS", "ID"],
                flows.map { flow in
                    guard flow.valid else { return [flow.name ?? "?", flow.slug, "-", "INVALID", "-", "-", flow.problem ?? ""] }
                    return [
                        (flow.favorite == true ? "★ " : "") + (flow.name ?? ""), flow.slug, flow.type?.rawValue ?? "",
                        flow.enabled == true ? "enabled" : "disabled", flow.trigger ?? "-", "\(flow.blocks ?? 0)", flow.id ?? "",
                    ]
                })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a flow: settings, blocks, variables and secret names.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The flow.") var flow: String

        func run() throws {
            let detail = try FlowService(workspace.context()).detail(flow)
            if output.json { return try Output.json(detail) }
            let flow = detail.flow
            let secrets = detail.secretNames
            Output.line("\(flow.name)  (\(flow.id))")
            if let description = flow.description { Output.line(description) }
            Output.line("Path:        \(detail.path)")
            Output.line("Type:        \(flow.type.rawValue)")
            Output.line("State:       \(flow.enabled ? "enabled" : "disabled")\(flow.favorite ? ", favorite" : "")")
            Output.line("On error:    \(flow.errorNotification?.url ?? "no notification")")
            Output.line("Variables:   \((flow.variables ?? [:]).keys.sorted().joined(separator: ", ").ifEmpty("none"))")
            Output.line("Secrets:     \(secrets.joined(separator: ", ").ifEmpty("none"))")
            Output.line("Blocks:")
            for block in flow.graph {
                let ports = block.edges.map { "\($0.port.rawValue)→\($0.target)" }.joined(separator: " ")
                let connection = block.connection.map { " [connection \($0)]" } ?? ""
                Output.line("  \(block.id)  \(block.type)  \"\(block.name)\"\(connection)\(ports.isEmpty ? "" : "  " + ports)")
            }
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a flow; its folder follows, its id stays.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The flow.") var flow: String
        @Argument(help: "The new name.") var name: String

        func run() throws {
            let record = try FlowService(workspace.context()).rename(flow, to: name)
            Output.line("Renamed to \"\(record.flow.name)\" (\(record.path))")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a flow and its secrets (git history keeps them).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The flow.") var flow: String

        func run() throws {
            try FlowService(workspace.context()).delete(flow)
            Output.line("Deleted flow \"\(flow)\"")
        }
    }

    struct Duplicate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy a flow with new ids; the copy is disabled and has no secret values.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The flow.") var flow: String
        @Option(help: "The copy's name (default: \"<name> copy\").") var name: String?

        func run() throws {
            let record = try FlowService(workspace.context()).duplicate(flow, name: name)
            Output.line("Created \"\(record.flow.name)\" (\(record.flow.id)) in \(record.path)")
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
