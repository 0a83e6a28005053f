import ArgumentParser
import SluiceWorkspace

/// The flow argument shared by the small flow commands.
struct FlowArgument: ParsableArguments {
    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "The flow: id, slug or unique name.") var flow: String

    /// The flows of the workspace.
    func service() throws -> FlowService { FlowService(try workspace.context()) }
}

extension Sluice.Flows {
    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a flow run from its trigger.")
        @OptionGroup var target: FlowArgument
        func run() throws {
            let record = try target.service().setEnabled(target.flow, true)
            Output.line("Enabled \"\(record.flow.name)\"")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a flow from running from its trigger.")
        @OptionGroup var target: FlowArgument
        func run() throws {
            let record = try target.service().setEnabled(target.flow, false)
            Output.line("Disabled \"\(record.flow.name)\"")
        }
    }

    struct Favorite: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a flow as a favorite.")
        @OptionGroup var target: FlowArgument
        func run() throws {
            let record = try target.service().setFavorite(target.flow, true)
            Output.line("Marked \"\(record.flow.name)\" as a favorite")
        }
    }

    struct Unfavorite: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unmark a favorite flow.")
        @OptionGroup var target: FlowArgument
        func run() throws {
            let record = try target.service().setFavorite(target.flow, false)
            Output.line("\"\(record.flow.name)\" is no longer a favorite")
        }
    }

    struct ErrorNotification: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "error-notification", abstract: "Set or turn off the URL that receives a JSON POST when a run fails.")
        @OptionGroup var target: FlowArgument
        @Option(help: "An http(s) URL.") var url: String?
        @Flag(help: "Turn the notification off.") var off = false

        func validate() throws {
            if (url == nil) == !off { throw ValidationError("give either --url URL or --off") }
        }

        func run() throws {
            let record = try target.service().setErrorNotification(target.flow, url: off ? nil : url)
            Output.line(
                off ? "Error notification of \"\(record.flow.name)\" is off" : "Failed runs of \"\(record.flow.name)\" will be POSTed to \(url ?? "")"
            )
        }
    }

    struct Connect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pick or change the connection (app account) a block uses.")
        @OptionGroup var target: FlowArgument
        @Argument(help: "The block: id or unique name.") var block: String
        @Argument(help: "The connection: id, app/slug or unique name.") var connection: String

        func run() throws {
            try target.service().connect(flow: target.flow, block: block, connection: connection)
            Output.line("Block \"\(block)\" now uses connection \"\(connection)\"")
        }
    }
}
