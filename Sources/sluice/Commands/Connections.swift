import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceWorkspace

extension Sluice {
    struct Connections: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage app accounts: overview, accounts per app, and apps to discover.",
            subcommands: [Overview.self, Add.self, Show.self, Enable.self, Disable.self, Remove.self],
            defaultSubcommand: Overview.self
        )
    }
}

extension Sluice.Connections {
    struct Overview: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Overview, Manage and Discover sections.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let report = try ConnectionService(workspace.context()).report()
            if output.json { return try Output.json(report) }
            let overview = report.overview
            Output.line(
                "Overview: \(overview.connectedApps) connected app(s), \(overview.accounts) account(s), \(overview.flowsUsingConnections) flow(s) using connections"
            )
            Output.line()
            Output.line("Manage:")
            if report.manage.isEmpty { Output.line("  nothing connected yet; `sluice connections add APP --name NAME`") }
            for app in report.manage {
                Output.line("  \(app.name) (\(app.app))")
                for account in app.accounts {
                    var names: [String] = []
                    for use in account.usedBy where !names.contains(use.flowName) { names.append(use.flowName) }
                    let usage = names.isEmpty ? "used by no flows" : "used by \(names.count) flow(s): \(names.joined(separator: ", "))"
                    Output.line("    \(account.name)  \(account.enabled ? "enabled" : "disabled")  \(account.id)  \(usage)")
                }
            }
            Output.line()
            Output.line("Discover:")
            for app in report.discover { Output.line("  \(app.app.padding(toLength: 10, withPad: " ", startingAt: 0)) \(app.name): \(app.summary)") }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect an app account. Credentials are stored encrypted and not checked now.",
            discussion: """
                Plain fields come from --field KEY=VALUE. Secret fields are never arguments: give them on
                standard input as a JSON object (echo '{"webhookURL": "…"}' | sluice connections add slack --name Team),
                or type them at hidden prompts on a terminal. `sluice apps` lists each app's fields.
                """
        )
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The app (see `sluice apps`).") var app: String
        @Option(help: "The account's display name.") var name: String
        @Option(name: .customLong("field"), help: "A plain credential field as KEY=VALUE; repeatable.") var fields: [String] = []

        func run() throws {
            var settings: [String: String] = [:]
            for field in fields {
                guard let equals = field.firstIndex(of: "=") else { throw CommandFailure(message: "--field \(field): expected KEY=VALUE") }
                settings[String(field[..<equals])] = String(field[field.index(after: equals)...])
            }
            let connections = ConnectionService(try workspace.context())
            let record = try connections.add(app: app, name: name, settings: settings, secrets: try readSecrets())
            Output.line("Connected \(record.connection.app) account \"\(record.connection.name)\" (\(record.connection.id)) in \(record.path)")
        }

        private func readSecrets() throws -> [String: String] {
            if SecretInput.isTerminal {
                guard let appInfo = AppCatalog.app(app) else { return [:] }
                var secrets: [String: String] = [:]
                for field in appInfo.secretFields {
                    let value = try SecretInput.hiddenLine(prompt: "\(field.label)\(field.required ? "" : " (optional, Enter to skip)"): ")
                    if !value.isEmpty { secrets[field.key] = value }
                }
                return secrets
            }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard !data.allSatisfy({ [0x20, 0x0a, 0x0d, 0x09].contains($0) }) else { return [:] }
            let value: JSONValue
            do { value = try JSONParser.parse(Array(data)) } catch {
                // Only the position: the parser's message may quote part of a secret.
                throw CommandFailure(
                    message:
                        "standard input: secret fields must be a JSON object of strings (invalid JSON at line \(error.line), column \(error.column))")
            }
            guard let object = value.objectValue else {
                throw CommandFailure(message: "standard input: secret fields must be a JSON object of strings")
            }
            var secrets: [String: String] = [:]
            for (key, item) in object {
                guard let text = item.stringValue else { throw CommandFailure(message: "standard input: /\(key): expected a string") }
                secrets[key] = text
            }
            return secrets
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an account: plain fields, which secrets are set, and the flows using it.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The connection: id, app/slug or unique name.") var connection: String

        func run() throws {
            let summary = try ConnectionService(workspace.context()).summary(connection)
            if output.json { return try Output.json(summary) }
            Output.line("\(summary.name)  (\(summary.id))")
            Output.line("App:      \(summary.app)")
            Output.line("Path:     \(summary.path)")
            Output.line("State:    \(summary.enabled ? "enabled" : "disabled")")
            for key in summary.settings.keys.sorted() { Output.line("  \(key) = \(summary.settings[key] ?? "")") }
            for key in summary.secretFields { Output.line("  \(key) = •••••• (encrypted)") }
            Output.line("Used by:  \(summary.usedBy.map { "\($0.flowName) (block \($0.blockID))" }.joined(separator: ", ").ifEmpty("no flows"))")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an account.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The connection.") var connection: String
        func run() throws {
            let record = try ConnectionService(workspace.context()).setEnabled(connection, true)
            Output.line("Enabled \"\(record.connection.name)\"")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; blocks using it fail until it is enabled.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The connection.") var connection: String
        func run() throws {
            let record = try ConnectionService(workspace.context()).setEnabled(connection, false)
            Output.line("Disabled \"\(record.connection.name)\"")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disconnect an account. Refused while flows use it, unless --force.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The connection.") var connection: String
        @Flag(help: "Remove it anyway and unbind the blocks that use it.") var force = false
        func run() throws {
            try ConnectionService(workspace.context()).remove(connection, force: force)
            Output.line("Removed connection \"\(connection)\"")
        }
    }
}
