import AsyncHTTPClient
import Foundation
import SluiceJSON
import SluiceRunner
import SluiceServer
import SluiceTestSupport
import SluiceWorkspace
import SluiceWorkspaceTestSupport
import Testing

/// Signed webhooks on a real loopback server: each accepted call is one recorded run.
@Suite("Serving webhooks", .tags(.loopback))
struct WebhookServerTests {
    static let secret = "whsec-7Yq2-test"

    /// A workspace with an enabled flow "Hook" (Catch Webhook → If on the data) whose webhookSecret is set, served on a
    /// free port while `body` runs.
    static func withServer(_ body: (TestWorkspace, String, RunService) async throws -> Void) async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        _ = try FlowService(context).create(name: "Hook", type: .power)
        var flow = try JSONParser.parse(try test.read("flows/hook/flow.json"))
        try flow.set(true, at: "/enabled")
        try flow.set(
            [
                ["id": "hook", "type": "webhook", "name": "Call", "config": [:], "next": ["check"]],
                [
                    "id": "check", "type": "if", "name": "Check",
                    "config": ["rules": [["value": "{{trigger.data.size}}", "operator": "equals", "operand": "large"]]],
                ],
            ], at: "/blocks")
        try test.write("flows/hook/flow.json", flow.canonicalText())
        try FlowService(context).setSecret("hook", key: "webhookSecret", value: secret)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await SluiceServer.run(context: context, options: SluiceServer.Options(host: "127.0.0.1", port: 0)) { continuation.yield($0) }
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(test, "http://127.0.0.1:\(port)", RunService(context))
        server.cancel()
        _ = await server.result
    }

    static func post(_ url: String, body: String, headers: [(String, String)]) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(Array(body.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    static func signed(_ body: String, secret: String = secret, at time: Date = Date()) -> [(String, String)] {
        let timestamp = String(Int(time.timeIntervalSince1970))
        return [
            ("Content-Type", "application/json"), ("X-Sluice-Timestamp", timestamp),
            ("X-Sluice-Signature", "v1=" + WebhookSignature.sign(secret: secret, timestamp: timestamp, body: Array(body.utf8))),
        ]
    }

    @Test("a signed call is answered 202 with its run id once the run is recorded, and the run gets the data")
    func accepted() async throws {
        try await Self.withServer { _, base, runs in
            let body = #"{"size": "large", "sku": "B-17"}"#
            let (status, text) = try await Self.post(base + "/hooks/production/hook?source=shop", body: body, headers: Self.signed(body))
            #expect(status == 202, "\(text)")
            let id = try #require(try JSONParser.parse(text)["run"]?.stringValue)
            var record: RunRecord?
            for _ in 0..<100 {
                record = try runs.runs(flow: "hook").first { $0.id == id }
                if record?.status == .succeeded { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(record?.status == .succeeded)
            #expect(record?.trigger["data"] == ["source": "shop", "size": "large", "sku": "B-17"])
            // The same signed call again (a retry, or a replay inside the window) finds its run: 200, nothing new runs.
            // (Another body than the first call's: the same body signed in the same second would be that call.)
            let retried = #"{"size": "large", "sku": "B-18"}"#
            let headers = Self.signed(retried, at: Date().addingTimeInterval(-2))
            let first = try await Self.post(base + "/hooks/production/hook", body: retried, headers: headers)
            let (again, repeated) = try await Self.post(base + "/hooks/production/hook", body: retried, headers: headers)
            #expect(first.0 == 202 && again == 200 && repeated.contains("\"status\":\"duplicate\""), "\(repeated)")
            #expect(try JSONParser.parse(repeated)["run"] == JSONParser.parse(first.1)["run"])
            // Eight copies of one new call at once: one run.
            let burst = Self.signed(#"{"size": "small"}"#, at: Date().addingTimeInterval(-4))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await Self.post(base + "/hooks/production/hook", body: #"{"size": "small"}"#, headers: burst).0 }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 202 }.count == 1 && statuses.filter { $0 == 200 }.count == 7, "\(statuses)")
            #expect(try runs.runs(flow: "hook").count == 3)
        }
    }

    @Test("unsigned, badly signed, replayed and wrongly addressed calls are refused, and none becomes a run")
    func refused() async throws {
        try await Self.withServer { _, base, runs in
            let body = #"{"size": "large"}"#
            let url = base + "/hooks/production/hook"
            let cases: [(String, [(String, String)], Int, String)] = [
                (url, [("Content-Type", "application/json")], 401, "unsigned"),
                (url, Self.signed(body, secret: "wrong"), 401, "does not match"),
                (url, Self.signed(body, at: Date().addingTimeInterval(-900)), 401, "more than 5 minutes"),
                (base + "/hooks/staging/hook", Self.signed(body), 404, "staging"),
                (base + "/hooks/production/nope", Self.signed(body), 404, "nope"),
            ]
            for (target, headers, expected, words) in cases {
                let (status, text) = try await Self.post(target, body: body, headers: headers)
                #expect(status == expected && text.contains(words) && text.split(separator: "\n").count == 1, "\(target): \(status) \(text)")
            }
            // The body signed is the body checked: a changed body with the old signature is refused.
            let (tampered, _) = try await Self.post(url, body: #"{"size": "small"}"#, headers: Self.signed(body))
            #expect(tampered == 401)
            let (notJSON, text) = try await Self.post(url, body: "[1]", headers: Self.signed("[1]"))
            #expect(notJSON == 400 && text.contains("JSON object"))
            #expect(try runs.runs(flow: "hook").isEmpty)
        }
    }

    @Test("a call recorded but never run (the server killed right after answering) is run once by runs resume")
    func resumedAfterKill() async throws {
        try await Self.withServer { test, _, runs in
            let body = #"{"size": "large"}"#
            let headers = Self.signed(body)
            let call = WebhookRequest(
                environment: "production", flow: "hook", body: Array(body.utf8), contentType: "application/json", query: [],
                timestamp: headers[1].1, signature: headers[2].1)
            let accepted = try runs.acceptWebhook(call)
            #expect(try runs.runs(flow: "hook").map(\.status) == [.running])
            // While its process lives, the run is that process's; once it is gone, resume takes it.
            #expect(try await runs.resume().isEmpty)
            try test.orphanRun(accepted.run.id)
            let resumed = try await runs.resume()
            #expect(resumed.map(\.id) == [accepted.run.id] && resumed.first?.status == .succeeded)
            #expect(try await runs.resume().isEmpty)
            #expect(try runs.runs(flow: "hook").count == 1)
        }
    }
}
