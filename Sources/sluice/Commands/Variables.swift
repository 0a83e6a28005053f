import ArgumentParser
import SluiceJSON
import SluiceWorkspace

/// What `vars` and `secrets` do.
enum KeyAction: String, ExpressibleByArgument, CaseIterable {
    case list, set, unset
}

/// Parses a variable value: text as is, or JSON with `--json-value`.
func variableValue(_ text: String, asJSON: Bool) throws -> JSONValue {
    guard asJSON else { return .string(text) }
    do { return try JSONParser.parse(text) } catch {
        throw CommandFailure(message: "VALUE is not valid JSON: \(error.message) (line \(error.line), column \(error.column))")
    }
}

/// Checks the KEY and VALUE arguments an action needs.
func checkKeyArguments(_ action: KeyAction, key: String?, value: String?, valueAllowed: Bool) throws {
    switch action {
    case .list where key != nil: throw ValidationError("list takes no KEY")
    case .set where key == nil, .unset where key == nil: throw ValidationError("\(action.rawValue) needs a KEY")
    case .set where valueAllowed && value == nil: throw ValidationError("set needs a KEY and a VALUE")
    case .set where !valueAllowed && value != nil: throw ValidationError("secret values are read from standard input, never from arguments")
    case .unset where value != nil: throw ValidationError("unset takes only a KEY")
    default: break
    }
}

extension Sluice.Flows {
    struct Vars: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, set or unset a flow's variables ({{vars.KEY}}).",
            usage: "sluice flows vars <flow> (list | set <key> <value> | unset <key>)"
        )
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The flow.") var flow: String
        @Argument(help: "list, set or unset.") var action: KeyAction
        @Argument(help: "The variable name.") var key: String?
        @Argument(help: "The value (text; JSON with --json-value).") var value: String?
        @Flag(help: "Parse VALUE as JSON (numbers, true/false, arrays, objects).") var jsonValue = false

        func validate() throws { try checkKeyArguments(action, key: key, value: value, valueAllowed: true) }

        func run() throws {
            let flows = FlowService(try workspace.context())
            switch action {
            case .list:
                let variables = try flows.variables(flow)
                if output.json { return try Output.json(variables) }
                if variables.isEmpty { Output.line("No variables.") }
                for key in variables.keys.sorted() { Output.line("\(key) = \(variables[key]?.compactText() ?? "")") }
            case .set:
                let record = try flows.setVariable(flow, key: key ?? "", value: variableValue(value ?? "", asJSON: jsonValue))
                Output.line("Set variable \(key ?? "") of \"\(record.flow.name)\"")
            case .unset:
                let record = try flows.unsetVariable(flow, key: key ?? "")
                Output.line("Removed variable \(key ?? "") of \"\(record.flow.name)\"")
            }
        }
    }

    struct Secrets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List secret names, or set or unset a flow secret ({{secrets.KEY}}).",
            usage: "sluice flows secrets <flow> (list | set <key> | unset <key>)",
            discussion:
                "`set` reads the value from standard input, or from a hidden prompt on a terminal. Values are stored encrypted; `list` shows names only."
        )
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The flow.") var flow: String
        @Argument(help: "list, set or unset.") var action: KeyAction
        @Argument(help: "The secret name.") var key: String?
        @Argument(help: .hidden) var value: String?

        func validate() throws { try checkKeyArguments(action, key: key, value: value, valueAllowed: false) }

        func run() throws {
            let flows = FlowService(try workspace.context())
            switch action {
            case .list:
                let names = try flows.secretNames(flow)
                if output.json { return try Output.json(names) }
                if names.isEmpty { Output.line("No secrets.") }
                for name in names { Output.line(name) }
            case .set:
                let value = try SecretInput.readValue(prompt: "Value for \(key ?? ""): ")
                guard !value.isEmpty else { throw CommandFailure(message: "no value for secret \(key ?? "") on standard input") }
                try flows.setSecret(flow, key: key ?? "", value: value)
                Output.line("Set secret \(key ?? "") (encrypted)")
            case .unset:
                try flows.unsetSecret(flow, key: key ?? "")
                Output.line("Removed secret \(key ?? "")")
            }
        }
    }
}

extension Sluice {
    struct EnvCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "env", abstract: "Product environments (branches) and their variables.",
            subcommands: [EnvList.self, EnvCreate.self, EnvSwitch.self, EnvDelete.self, EnvVars.self], defaultSubcommand: EnvList.self
        )
    }

    struct EnvList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the environments; * marks the current one.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        func run() throws {
            let environments = try EnvironmentService(workspace.context()).list()
            if output.json { return try Output.json(environments) }
            for environment in environments {
                Output.line("\(environment.current ? "*" : " ") \(environment.name)  \(environment.flows) flow(s)")
            }
        }
    }

    struct EnvCreate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an environment from another one's last commit (the current one by default).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The new environment's name.") var name: String
        @Option(help: "The environment to start from.") var from: String?
        func run() throws {
            try EnvironmentService(workspace.context()).create(name, from: from)
            Output.line("Created environment \(name); switch to it with `sluice env switch \(name)`")
        }
    }

    struct EnvSwitch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "switch", abstract: "Check out another environment (refused while there are uncommitted edits).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The environment.") var name: String
        func run() throws {
            try EnvironmentService(workspace.context()).switchTo(name)
            Output.line("Switched to environment \(name)")
        }
    }

    struct EnvDelete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an environment (not the current one).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The environment.") var name: String
        func run() throws {
            try EnvironmentService(workspace.context()).delete(name)
            Output.line("Deleted environment \(name)")
        }
    }

    struct EnvVars: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vars",
            abstract: "List, set or unset environment variables ({{env.KEY}}), readable by every flow.",
            usage: "sluice env vars (list | set <key> <value> | unset <key>)"
        )
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "list, set or unset.") var action: KeyAction = .list
        @Argument(help: "The variable name.") var key: String?
        @Argument(help: "The value (text; JSON with --json-value).") var value: String?
        @Flag(help: "Parse VALUE as JSON.") var jsonValue = false

        func validate() throws { try checkKeyArguments(action, key: key, value: value, valueAllowed: true) }

        func run() throws {
            let environments = EnvironmentService(try workspace.context())
            switch action {
            case .list:
                let variables = try environments.variables()
                if output.json { return try Output.json(variables) }
                if variables.isEmpty { Output.line("No environment variables.") }
                for key in variables.keys.sorted() { Output.line("\(key) = \(variables[key]?.compactText() ?? "")") }
            case .set:
                try environments.setVariable(key ?? "", value: variableValue(value ?? "", asJSON: jsonValue))
                Output.line("Set environment variable \(key ?? "")")
            case .unset:
                try environments.unsetVariable(key ?? "")
                Output.line("Removed environment variable \(key ?? "")")
            }
        }
    }
}
