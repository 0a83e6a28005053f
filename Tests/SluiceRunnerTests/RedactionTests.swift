import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import Synchronization
import Testing

@testable import SluiceRunner

/// No secret in any record or output of a run that fails, whatever block fails and however the secret travels.
@Suite("Secrets in failing runs", .tags(.loopback), .requires(GitHTTPServer.python != nil, "needs python3 for the loopback HTTP server"))
struct RedactionTests {
    /// A flow secret shaped like real tokens: slashes, a plus and padding, which URLs and JSON write differently.
    static let flowSecret = "sk/LIVE+9xZ42=="
    static let token = "TOKEN-123456"
    static let password = "pass:word-77"
    static let slackPath = "/hooks/T0/B0/SLACKSECRET"

    /// Every form in which one of the secrets could leak: as given, percent-encoded, and base64 (alone, and as the
    /// `Authorization: Basic` pair).
    static var leaks: [String] {
        var forms: [String] = []
        for secret in [flowSecret, token, password, slackPath] {
            forms.append(secret)
            forms.append(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret)
            forms.append(Data(secret.utf8).base64EncodedString())
        }
        forms.append(Data("ana:\(password)".utf8).base64EncodedString())
        // A quote of a reply cut in the middle of the secret.
        forms.append(String(flowSecret.prefix(8)))
        return forms
    }

    /// The Notification block's requests, as the sink received them.
    final class Sink: NotificationSink, @unchecked Sendable {
        let received = Mutex<[NotificationRequest]>([])
        func add(_ request: NotificationRequest) throws -> JSONValue {
            received.withLock { $0.append(request) }
            return ["added": true]
        }
    }

    @Test("HTTP, Slack, webhook, loop, call-flow and notification failures: no secret in records, stores or POSTs")
    func failingRuns() async throws {
        let fixture = try RunnerFixture()
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        let closed = "http://127.0.0.1:1"
        let connections = [
            RunConnection(
                id: "con_bearer", app: "http", name: "Bearer", enabled: true, settings: ["auth": "bearer"], credentials: ["token": Self.token]),
            RunConnection(
                id: "con_basic", app: "http", name: "Basic", enabled: true, settings: ["auth": "basic", "username": "ana"],
                credentials: ["password": Self.password]),
            RunConnection(
                id: "con_slack", app: "slack", name: "Slack", enabled: true, settings: [:], credentials: ["webhookURL": closed + Self.slackPath]),
            RunConnection(
                id: "con_hook", app: "webhook", name: "Hook", enabled: true, settings: ["url": .string(server.url("/echo-status/400"))],
                credentials: ["signingSecret": Self.token]),
        ]
        func using(_ block: Block, _ connection: String) -> Block {
            var copy = block
            copy.connection = connection
            return copy
        }
        // The secret starts a few characters before the 200 at which a failure's quote of the reply is cut.
        let padding = String(repeating: "x", count: 129)
        let failing: [String: [Block]] = [
            "refused": [
                using(
                    block(
                        "call", "http-request", ["url": .string(closed + "/x?key={{secrets.apiKey}}"), "headers": ["X-Key": "{{secrets.apiKey}}"]]),
                    "con_bearer")
            ],
            "echoed": [
                using(
                    block(
                        "call", "http-request",
                        ["method": "POST", "url": .string(server.url("/echo-status/400")), "body": ["key": "{{secrets.apiKey}}"]]),
                    "con_bearer")
            ],
            "cut": [
                block(
                    "call", "http-request",
                    ["method": "POST", "url": .string(server.url("/echo-status/400?p=\(padding)")), "body": "{{secrets.apiKey}}"])
            ],
            "basic": [using(block("call", "http-request", ["url": .string(server.url("/echo-status/401"))]), "con_basic")],
            "slack": [using(block("slack", "slack-message", ["text": "key {{secrets.apiKey}}"]), "con_slack")],
            "webhook": [using(block("hook", "webhook-post", ["payload": ["key": "{{secrets.apiKey}}"]]), "con_hook")],
            "loop": [
                block("loop", BlockTypeID.applyOnEach, ["items": ["{{secrets.apiKey}}", "plain"]]),
                block("each", "http-request", ["url": .string(closed + "/{{blocks.loop.output.item}}")]),
            ],
            "notify": [
                block(
                    "tell", "notification",
                    [
                        "asset": "{{trigger.asset.publicId}}", "recipients": ["ana@example.com"], "title": "Key {{secrets.apiKey}}",
                        "message": "{{secrets.apiKey}}",
                    ], next: ["fail"]),
                block("fail", "http-request", ["url": .string(closed + "/{{secrets.apiKey}}")]),
            ],
            "call": [block("call", BlockTypeID.callFlow, ["flow": "flw_called", "data": ["token": "{{secrets.apiKey}}"], "wait": true])],
        ]
        // The called flow has no secrets of its own: it only sees the caller's, as data, and fails with them in a URL.
        var called = RunnerFixture.flow([block("use", "http-request", ["url": .string(closed + "/?t={{trigger.data.token}}")])])
        called.id = "flw_called"
        let directory = Directory(flows: [
            "flw_called": CallableFlow(flow: called, inputs: .init(trigger: .null, triggerType: BlockTypeID.flowCalled))
        ])
        let sink = Sink()
        let services = BlockServices(
            library: fixture.library, exportFolder: fixture.directory.child("exports"), flows: directory, notifications: sink)
        let runner = FlowRunner(store: fixture.store, services: services, defaultTimeout: 10)

        var outputs: [String] = []
        for (name, blocks) in failing.sorted(by: { $0.key < $1.key }) {
            var flow = RunnerFixture.flow(blocks)
            if name == "loop" { flow.blocks[1].each = ["each"] }
            flow.errorNotificationURL = server.url("/failures")
            let run = try await runner.run(
                flow,
                FlowRunner.Inputs(
                    trigger: ["asset": try fixture.library.asset("products/red-bag").jsonValue, "data": ["echo": .string(Self.flowSecret)]],
                    triggerType: "manual", secrets: ["apiKey": Self.flowSecret],
                    connections: Dictionary(uniqueKeysWithValues: connections.map { ($0.id, $0) })))
            #expect(run.status == .failed, "\(name)")
            // Every error quotes the secret, except Slack's, which never shows its URL.
            #expect(run.error?.contains(Redactor.marker) == (name != "slack"), "\(name): \(run.error ?? "")")
            outputs.append(String(decoding: try JSONEncoder().encode(run), as: UTF8.self))
        }
        for run in try fixture.store.runs() {
            outputs.append(String(decoding: try JSONEncoder().encode(run), as: UTF8.self))
            for step in try fixture.store.steps(of: run.id) { outputs.append(String(decoding: try JSONEncoder().encode(step), as: UTF8.self)) }
        }
        let reports = server.requests().filter { $0.path == "/failures" }
        #expect(reports.count == failing.count)
        outputs += reports.map(\.body)
        outputs += sink.received.withLock { $0 }.map { "\($0.title) \($0.description ?? "") \($0.message ?? "")" }
        #expect(sink.received.withLock { $0.first?.title } == "Key [secret]")
        // The store's files themselves, as bytes: what a backup or a copied workspace would carry.
        for suffix in ["", "-wal", "-shm"] {
            if let bytes = FileManager.default.contents(atPath: fixture.directory.child("runs.sqlite") + suffix) {
                outputs.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        for leak in Self.leaks {
            let found = outputs.filter { $0.contains(leak) }
            #expect(found.isEmpty, "\(leak) leaked in: \(found.first?.prefix(400) ?? "")")
        }
        // The called run recorded the caller's secret as [secret] in its trigger data and its error.
        let calledRun = try #require(try fixture.store.runs().first { $0.triggerType == BlockTypeID.flowCalled })
        #expect(calledRun.trigger["data"]?["token"] == .string(Redactor.marker))
    }

    @Test("a redactor replaces a value, its URL, JSON and base64 forms, and the longest value first")
    func forms() {
        let redact = Redactor(secrets: ["a/b c\"d", "abc", "abcdef", "xy"])
        #expect(redact("url /p?k=a%2Fb%20c%22d and a/b c\"d") == "url /p?k=[secret] and [secret]")
        #expect(redact(#"{"k":"a/b c\"d"}"#) == #"{"k":"[secret]"}"#)
        #expect(redact("Basic " + Data("abcdef".utf8).base64EncodedString()) == "Basic [secret]")
        #expect(redact("abcdefg abc xy") == "[secret]g [secret] xy")
        #expect(redact(["abc": ["abcdef", 1, nil]] as JSONValue) == ["[secret]": ["[secret]", 1, nil]])
        #expect(Redactor.none("abc") == "abc" && Redactor.none.isEmpty)
    }
}
