import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceRunner

/// HTTP blocks against a real HTTP server on loopback.
@Suite("HTTP blocks", .tags(.loopback), .requires(GitHTTPServer.python != nil, "needs python3 for the loopback HTTP server"))
struct HTTPBlockTests {
    func connection(_ app: String, settings: [String: JSONValue] = [:], credentials: [String: String] = [:]) -> RunConnection {
        RunConnection(id: "con_\(app)", app: app, name: "Test \(app)", enabled: true, settings: settings, credentials: credentials)
    }

    func run(_ fixture: RunnerFixture, _ flow: RunnableFlow, connections: [RunConnection] = [], secrets: [String: String] = [:]) async throws
        -> RunRecord
    {
        let trigger: JSONValue = ["asset": try fixture.library.asset("products/red-bag").jsonValue, "data": [:]]
        return try await fixture.runner.run(
            flow,
            FlowRunner.Inputs(
                trigger: trigger, triggerType: "manual", secrets: secrets,
                connections: Dictionary(uniqueKeysWithValues: connections.map { ($0.id, $0) })))
    }

    @Test("a request carries method, query, headers, JSON body and the connection's token; the response is the output")
    func request() async throws {
        let fixture = try RunnerFixture()
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        var call = block(
            "call", "http-request",
            [
                "method": "POST", "url": "json", "query": ["size": "{{trigger.asset.width}}"], "headers": ["X-Flow": "{{vars.label}}"],
                "body": ["publicId": "{{trigger.asset.publicId}}", "width": "{{trigger.asset.width}}", "key": "{{secrets.apiKey}}"],
            ])
        call.connection = "con_http"
        let api = connection("http", settings: ["baseURL": .string(server.url("/")), "auth": "bearer"], credentials: ["token": "TOKEN-123456"])
        let run = try await run(
            fixture, RunnerFixture.flow([call], variables: ["label": "catalog"]), connections: [api], secrets: ["apiKey": "KEY-987654"])
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let received = try #require(server.requests().first)
        #expect(received.method == "POST" && received.path == "/json?size=240")
        #expect(received.headers["authorization"] == "Bearer TOKEN-123456" && received.headers["x-flow"] == "catalog")
        #expect(try JSONParser.parse(received.body) == ["publicId": "products/red-bag", "width": 240, "key": "KEY-987654"])
        let step = try #require(try fixture.steps(run)["call"])
        #expect(step.output?["status"] == 200 && step.output?["headers"]?["x-test-server"] == "sluice")
        #expect(step.output?["body"]?["method"] == "POST")
        // The server echoed the token and the secret: the record holds neither.
        let recorded = try fixture.store.steps(of: run.id).map { ($0.inputs?.compactText() ?? "") + ($0.output?.compactText() ?? "") }.joined()
        #expect(!recorded.contains("TOKEN-123456") && !recorded.contains("KEY-987654") && recorded.contains("[secret]"))
    }

    @Test("a 500, a refused connection and a timeout each fail the block with a clear message; retries are made")
    func failures() async throws {
        let fixture = try RunnerFixture()
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        var broken = block("call", "http-request", ["method": "GET", "url": .string(server.url("/status/500"))])
        broken.retry = RetryPolicy(attempts: 2, backoffSeconds: 0.05)
        let failed = try await run(fixture, RunnerFixture.flow([broken]))
        #expect(
            failed.status == .failed && failed.error == "GET \(server.url("/status/500")): 500 Internal Server Error: {\"error\": \"status 500\"}")
        let attempts = try fixture.steps(failed)["call"]?.attempts
        #expect(server.requests().count == 2 && attempts == 2)

        let slow = block("call", "http-request", ["method": "GET", "url": .string(server.url("/slow/3")), "timeoutSeconds": 0.3])
        let timedOut = try await run(fixture, RunnerFixture.flow([slow]))
        #expect(timedOut.error == "GET \(server.url("/slow/3")): no response within 0.3 s")
        // The head comes at once and the body a byte at a time: the request's limit covers the body too, long before
        // the block's own 20 s limit.
        var drip = block("call", "http-request", ["method": "GET", "url": .string(server.url("/drip/200")), "timeoutSeconds": 0.5])
        drip.timeoutSeconds = 20
        let dripped = try await run(fixture, RunnerFixture.flow([drip]))
        #expect(dripped.error == "GET \(server.url("/drip/200")): no response within 0.5 s", "\(dripped.error ?? "")")

        let badHeader = try await run(
            fixture,
            RunnerFixture.flow([block("call", "http-request", ["url": .string(server.url("/json")), "headers": ["X-Bad": "a\r\nInjected: 1"]])]))
        #expect(badHeader.error == "GET \(server.url("/json")): a header value holds characters HTTP does not allow (a line break?)")
        // A hand-edited error-notification URL that is not HTTP: its delivery fails with a sentence.
        var notifying = RunnerFixture.flow([block("call", "http-request", ["url": "http://127.0.0.1:1/"])])
        notifying.errorNotificationURL = "file:///etc/passwd"
        let delivery = try fixture.steps(try await run(fixture, notifying))["error-notification"]
        #expect(delivery?.error == "POST file:///etc/passwd: not a scheme Sluice requests (http or https)", "\(delivery?.error ?? "")")

        server.stop()
        let refused = try await run(
            fixture, RunnerFixture.flow([block("call", "http-request", ["method": "GET", "url": .string(server.url("/")), "timeoutSeconds": 5])]))
        #expect(refused.status == .failed && refused.error == "GET \(server.url("/")): connection refused", "\(refused.error ?? "")")
    }

    @Test("Slack messages go to the connection's webhook; webhook posts carry a signature a receiver can check")
    func slackAndWebhook() async throws {
        let fixture = try RunnerFixture()
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        var slack = block("slack", "slack-message", ["text": "New asset {{trigger.asset.publicId}}", "channel": "#media"], next: ["hook"])
        slack.connection = "con_slack"
        var hook = block("hook", "webhook-post", ["payload": ["asset": "{{trigger.asset.publicId}}", "bytes": "{{trigger.asset.bytes}}"]])
        hook.connection = "con_webhook"
        let run = try await run(
            fixture, RunnerFixture.flow([slack, hook]),
            connections: [
                connection("slack", credentials: ["webhookURL": server.url("/hooks/T000/B000/XXXX")]),
                connection("webhook", settings: ["url": .string(server.url("/receive"))], credentials: ["signingSecret": "whsec-shared"]),
            ])
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let requests = server.requests()
        #expect(requests.map(\.path) == ["/hooks/T000/B000/XXXX", "/receive"])
        #expect(try JSONParser.parse(requests[0].body) == ["text": "New asset products/red-bag", "channel": "#media"])
        let webhook = requests[1]
        let timestamp = try #require(webhook.headers["x-sluice-timestamp"])
        let check = try ProcessRunner.run(
            "/usr/bin/python3",
            [
                "-c",
                "import hmac,hashlib,sys; print(hmac.new(b'whsec-shared', (sys.argv[1] + '.' + sys.argv[2]).encode(), hashlib.sha256).hexdigest())",
                timestamp, webhook.body,
            ])
        #expect(webhook.headers["x-sluice-signature"] == "v1=" + check.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        // The Slack webhook URL is a credential: not in the record, not in errors.
        let recorded = try fixture.store.steps(of: run.id).map { ($0.inputs?.compactText() ?? "") + ($0.output?.compactText() ?? "") }.joined()
        #expect(!recorded.contains(server.url("/hooks/T000/B000/XXXX")))
    }

    @Test("a failed run POSTs its summary to the error-notification URL; a failed delivery is only recorded")
    func errorNotification() async throws {
        let fixture = try RunnerFixture()
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        var flow = RunnerFixture.flow([block("info", "asset-info", ["asset": "products/missing"])])
        flow.errorNotificationURL = server.url("/failures")
        let failed = try await run(fixture, flow)
        #expect(failed.status == .failed)
        let report = try JSONParser.parse(try #require(server.requests().first).body)
        #expect(report["run"] == .string(failed.id) && report["block"] == "info" && report["flow"]?["name"] == "Test flow")
        #expect(report["error"] == .string(failed.error ?? ""))
        #expect(try fixture.steps(failed)["error-notification"]?.status == .succeeded)

        flow.errorNotificationURL = "http://127.0.0.1:1/unreachable"
        let undelivered = try await run(fixture, flow)
        #expect(undelivered.status == .failed && undelivered.failedBlock == "info")
        let delivery = try fixture.steps(undelivered)["error-notification"]
        #expect(delivery?.status == .failed && delivery?.error?.contains("connection refused") == true, "\(delivery?.error ?? "")")
    }

    @Test("Upload Media downloads a URL into the library; a 404 or a damaged download fails the block")
    func uploadFromURL() async throws {
        let fixture = try RunnerFixture()
        let served = fixture.directory.child("http/files")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestEnvironment.fixtures + "/media/sunset.jpg", toPath: served + "/sunset.jpg")
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: served + "/fake.jpg"))
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        let upload = block("upload", "upload-media", ["source": .string(server.url("/files/sunset.jpg")), "folder": "downloads", "tags": ["web"]])
        let downloaded = try await run(fixture, RunnerFixture.flow([upload]))
        #expect(downloaded.status == .succeeded, "\(downloaded.error ?? "")")
        let asset = try fixture.library.asset("downloads/sunset")
        #expect(asset.width == 320 && asset.height == 213 && asset.tags == ["web"])

        let missing = try await run(
            fixture, RunnerFixture.flow([block("upload", "upload-media", ["source": .string(server.url("/files/none.jpg"))])]))
        #expect(missing.error?.hasPrefix("GET \(server.url("/files/none.jpg")): 404") == true, "\(missing.error ?? "")")
        let fake = try await run(fixture, RunnerFixture.flow([block("upload", "upload-media", ["source": .string(server.url("/files/fake.jpg"))])]))
        #expect(fake.error?.contains("not an image (JPEG, PNG, GIF, WebP)") == true, "\(fake.error ?? "")")
    }

    @Test("with outboundRequests public-only, loopback is refused before any request, error notifications too")
    func publicOnly() async throws {
        let fixture = try RunnerFixture()
        let server = try HTTPTestServer(directory: fixture.directory.child("http"))
        defer { server.stop() }
        let services = BlockServices(
            library: fixture.library, exportFolder: fixture.directory.child("exports"), outboundRequests: .publicOnly)
        let runner = FlowRunner(store: fixture.store, services: services)
        var flow = RunnerFixture.flow([block("call", "http-request", ["url": .string(server.url("/json"))])])
        flow.errorNotificationURL = server.url("/failures")
        let run = try await runner.run(flow, FlowRunner.Inputs(trigger: ["data": [:]], triggerType: "manual"))
        #expect(run.status == .failed)
        #expect(run.error?.contains("refused: 127.0.0.1 is 127.0.0.1, not a public address") == true, "\(run.error ?? "")")
        #expect(server.requests().isEmpty)
        let delivery = try fixture.steps(run)["error-notification"]
        #expect(delivery?.status == .failed && delivery?.error?.contains("not a public address") == true)
    }

    @Test(
        "public and private addresses",
        arguments: [
            ("8.8.8.8", true), ("127.0.0.1", false), ("10.1.2.3", false), ("172.16.0.1", false), ("172.32.0.1", true), ("192.168.1.1", false),
            ("169.254.169.254", false), ("100.64.0.1", false), ("0.0.0.0", false), ("224.0.0.1", false), ("::1", false), ("::", false),
            ("fe80::1", false), ("fd00::1", false), ("2001:4860:4860::8888", true), ("::ffff:127.0.0.1", false), ("::ffff:8.8.8.8", true),
        ])
    func addresses(text: String, isPublic: Bool) throws {
        let address = try #require(AddressPolicy.resolve(text).first, "\(text) did not parse")
        #expect(AddressPolicy.isPublic(address) == isPublic, "\(text)")
    }
}
