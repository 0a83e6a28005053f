import ArgumentParser
import Foundation
import SluiceWorkspace

extension Sluice {
    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke the access tokens of `sluice serve`.",
            discussion: """
                A token is sent as `Authorization: Bearer <token>`. The JSON API (/api/v1) always asks for one; a webhook
                call may carry one instead of a signature; and `sluice serve --bind` beyond loopback refuses to start
                without one. Tokens are stored hashed (SHA-256) in .sluice/tokens.json, on this machine only, never
                committed: the token itself is shown once, when it is created. A revoked token stops working at the
                server's next request.
                Example: sluice tokens create ci --json
                """,
            subcommands: [Create.self, List.self, Revoke.self], defaultSubcommand: List.self)
    }
}

extension Sluice.Tokens {
    /// A token as listed: never its hash.
    struct Listed: Codable {
        var name: String
        var prefix: String
        var createdAt: Date

        init(_ token: AccessToken) {
            name = token.name
            prefix = token.prefix
            createdAt = token.createdAt
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once and stored only hashed.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "Its name (who or what uses it): letters, digits, '.', '_' and '-'.") var name: String

        func run() throws {
            let (token, secret) = try TokenService(workspace.context()).create(name: name)
            if output.json {
                struct Created: Codable {
                    var name: String
                    var token: String
                }
                return try Output.json(Created(name: token.name, token: secret))
            }
            Output.line(secret)
            Output.note("Created token \"\(token.name)\". It is shown this once: store it where its user keeps secrets.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tokens (names and first characters, never the tokens).")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let tokens = try TokenService(workspace.context()).list()
            if output.json { return try Output.json(tokens.map(Listed.init)) }
            if tokens.isEmpty { return Output.line("no access tokens (`sluice tokens create NAME` makes one)") }
            Output.table(
                ["NAME", "STARTS WITH", "CREATED"],
                tokens.map { [$0.name, $0.prefix + "…", $0.createdAt.formatted(Date.ISO8601FormatStyle())] })
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: a running server refuses it from its next request.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The token's name.") var name: String

        func run() throws {
            let token = try TokenService(workspace.context()).revoke(name: name)
            Output.line("Revoked token \"\(token.name)\" (\(token.prefix)…).")
        }
    }
}
