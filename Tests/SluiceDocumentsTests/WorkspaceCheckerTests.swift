import SluiceJSON
import Testing

@testable import SluiceDocuments

@Suite("Cross-document checks")
struct WorkspaceCheckerTests {
    /// Parses documents as the workspace would and runs the cross-document checks.
    func check(_ documents: [(String, AnyDocument)]) throws -> [Problem] {
        var parsed = try documents.map { path, document in
            DocumentParser.parse(path: path, bytes: try document.canonicalBytes(at: path))
        }
        WorkspaceChecker.check(&parsed)
        return parsed.flatMap(\.problems).filter { $0.severity == .error }
    }

    func flow(_ blocks: [Block], id: String = "flw_a") -> Flow {
        var flow = Flow(name: "A", type: .power, id: id)
        flow.blocks = [Block(id: "start", type: "manual", name: "Start")] + blocks
        flow.blocks?[0].next = blocks.map(\.id)
        return flow
    }

    @Test("a block naming a missing connection is reported at its connection field")
    func missingConnection() throws {
        var block = Block(id: "post", type: "slack-message", name: "Post", config: ["text": "hi"])
        block.connection = "con_gone"
        let problems = try check([("flows/a/flow.json", .flow(flow([block])))])
        #expect(problems.count == 1)
        #expect(problems.first?.message == "unknown connection \"con_gone\"")
        #expect(problems.first?.pointer == "/blocks/1/connection")
    }

    @Test("a connection of the wrong app is reported")
    func wrongApp() throws {
        var block = Block(id: "post", type: "slack-message", name: "Post", config: ["text": "hi"])
        block.connection = "con_hook"
        var connection = Connection(app: "webhook", name: "Hook", id: "con_hook")
        connection.settings["url"] = "https://example.com/hook"
        let problems = try check([("flows/a/flow.json", .flow(flow([block]))), ("connections/webhook/hook.json", .connection(connection))])
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("is a webhook account; a slack-message block needs slack") == true)
    }

    @Test("secrets, environment variables and called flows must exist")
    func danglingReferences() throws {
        let block = Block(
            id: "call", type: "call-flow", name: "Call",
            config: [
                "flow": "flw_missing", "data": ["token": "{{secrets.apiToken}}", "host": "{{env.cdnHost}}"],
            ])
        var variables = EnvironmentVariables(id: "env_1")
        variables.variables = ["other": "x"]
        let problems = try check([("flows/a/flow.json", .flow(flow([block]))), ("environment/variables.json", .environmentVariables(variables))])
        let messages = problems.map(\.message)
        #expect(messages.contains("unknown flow \"flw_missing\""))
        #expect(messages.contains { $0.contains("unknown flow secret \"apiToken\"") })
        #expect(messages.contains { $0.contains("unknown environment variable \"cdnHost\"") })
        #expect(problems.first { $0.message.contains("apiToken") }?.pointer == "/blocks/1/config/data/token")
    }

    @Test("references that resolve are not reported")
    func resolved() throws {
        var block = Block(id: "call", type: "call-flow", name: "Call", config: ["flow": "flw_b", "data": ["t": "{{secrets.apiToken}}"]])
        block.connection = nil
        var secrets = FlowSecrets(flow: "flw_a", id: "sec_1")
        secrets.secrets["apiToken"] = "enc:v1:abcd1234:AAAA"
        let problems = try check([
            ("flows/a/flow.json", .flow(flow([block]))), ("flows/a/secrets.json", .flowSecrets(secrets)),
            ("flows/b/flow.json", .flow(flow([], id: "flw_b"))),
        ])
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("duplicate ids across documents are reported on the second")
    func duplicateIDs() throws {
        let problems = try check([("flows/a/flow.json", .flow(flow([]))), ("flows/b/flow.json", .flow(flow([])))])
        #expect(
            problems.map(\.description).contains {
                $0.hasPrefix("flows/b/flow.json:") && $0.contains("/id: duplicate id \"flw_a\" (also in flows/a/flow.json)")
            })
    }

    @Test("secrets stored with another flow, and connections in the wrong folder, are reported")
    func misplaced() throws {
        let secrets = FlowSecrets(flow: "flw_other", id: "sec_1")
        let connection = Connection(app: "slack", name: "S", id: "con_1")
        let problems = try check([
            ("flows/a/flow.json", .flow(flow([]))), ("flows/a/secrets.json", .flowSecrets(secrets)),
            ("connections/http/s.json", .connection(connection)), ("flows/z/secrets.json", .flowSecrets(FlowSecrets(flow: "flw_z", id: "sec_2"))),
        ])
        let messages = problems.map(\.message)
        #expect(messages.contains("belongs to flow \"flw_other\" but flows/a/flow.json has id \"flw_a\""))
        #expect(messages.contains("a slack connection is stored under connections/http/"))
        #expect(messages.contains("secrets without a flow: flows/z/flow.json does not exist"))
    }
}
