import SluiceJSON
import Testing

@testable import SluiceDocuments

@Suite("Document facts")
struct DocumentFactsTests {
    /// Documents of every kind, valid and not, with references of every sort.
    func documents() throws -> [ParsedDocument] {
        var call = Block(
            id: "call", type: "call-flow", name: "Call",
            config: ["flow": "flw_b", "data": ["token": "{{secrets.apiToken}}", "host": "{{env.cdnHost}} and {{ env.other }}"]])
        call.next = ["post"]
        var post = Block(id: "post", type: "slack-message", name: "Post", config: ["text": "hi"])
        post.connection = "con_1"
        var flow = Flow(name: "A", type: .power, id: "flw_a")
        var start = Block(id: "start", type: "manual", name: "Start")
        start.next = ["call"]
        flow.blocks = [start, call, post]
        var secrets = FlowSecrets(flow: "flw_a", id: "sec_1")
        secrets.secrets = ["apiToken": "enc:v1:abc:def"]
        var variables = EnvironmentVariables(id: "env_1")
        variables.variables = ["cdnHost": "cdn.example.com"]
        var connection = Connection(app: "slack", name: "Team", id: "con_1")
        connection.enabled = false
        let valid: [(String, AnyDocument)] = [
            ("flows/a/flow.json", .flow(flow)), ("flows/a/secrets.json", .flowSecrets(secrets)),
            ("environment/variables.json", .environmentVariables(variables)), ("connections/slack/team.json", .connection(connection)),
        ]
        return try valid.map { DocumentParser.parse(path: $0.0, bytes: try $0.1.canonicalBytes(at: $0.0)) } + [
            DocumentParser.parse(path: "flows/b/flow.json", bytes: Array("{\"kind\": \"flow\", \"id\": \"flw_b\",\n \"name\": 3}".utf8)),
            DocumentParser.parse(path: "flows/c/flow.json", bytes: Array("{ nope".utf8)),
            DocumentParser.parse(path: "flows/c/extra.json", bytes: Array("{}".utf8)),
        ]
    }

    @Test("facts read back from storage equal the facts they were made from")
    func storageRoundTrip() throws {
        for parsed in try documents() {
            let facts = DocumentFacts(parsed)
            let stored = try JSONParser.parse(facts.storedValue.compactText())
            #expect(DocumentFacts(path: parsed.path, storedValue: stored) == facts, "\(parsed.path)")
        }
        #expect(DocumentFacts(path: "x", storedValue: ["kind": "unknown", "valid": true]) == nil)
        #expect(DocumentFacts(path: "x", storedValue: ["kind": "flow", "valid": true, "problems": [["/", "no severity"]]]) == nil)
    }

    @Test("the checks over stored facts find what they find over parsed documents")
    func checksOverStoredFacts() throws {
        var parsed = try documents()
        let facts = try parsed.map { document in
            try #require(DocumentFacts(path: document.path, storedValue: DocumentFacts(document).storedValue))
        }
        let fromFacts = zip(facts, WorkspaceChecker.problems(facts)).flatMap { document, cross in
            (document.problems + cross).located(in: parsed.first { $0.path == document.path }?.bytes ?? [])
        }
        WorkspaceChecker.check(&parsed)
        #expect(fromFacts == parsed.flatMap(\.problems))
        let messages = fromFacts.map(\.message)
        #expect(messages.contains("flow \"flw_b\" (flows/b/flow.json) has errors"))
        #expect(messages.contains("connection \"Team\" is disabled"))
        #expect(messages.contains { $0.contains("unknown environment variable \"other\"") })
        #expect(!messages.contains { $0.contains("apiToken") || $0.contains("cdnHost") })
    }
}
