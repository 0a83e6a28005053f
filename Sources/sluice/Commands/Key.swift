import ArgumentParser
import Foundation
import SluiceWorkspace

extension Sluice {
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export, import or rotate the workspace's secret key (kept outside the repository).",
            subcommands: [Export.self, Import.self, Rotate.self]
        )
    }
}

extension Sluice.Key {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the key, to import it on another machine. Treat the output as a password.")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws { Output.line(try KeyService(workspace.context()).export()) }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a key printed by `sluice key export` from standard input and install it.")
        @OptionGroup var workspace: WorkspaceOptions
        @Flag(help: "Install the key even if it opens none of the workspace's secrets.") var force = false
        func run() throws {
            let text = try SecretInput.readValue(prompt: "Key: ")
            let key = try KeyService(workspace.context()).importKey(text, force: force)
            Output.line("Installed key \(key.fingerprint)")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate a new key, re-encrypt every secret with it and commit.")
        @OptionGroup var workspace: WorkspaceOptions
        func run() throws {
            let result = try KeyService(workspace.context()).rotate()
            Output.line("Rotated to key \(result.key.fingerprint); re-encrypted \(result.values) value(s). Export it again for other machines.")
        }
    }
}
