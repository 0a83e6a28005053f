import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SluiceJSON
import SluiceMedia
import SluiceRunner
import SluiceServer
import SluiceTestSupport
import SluiceWorkspace
import SluiceWorkspaceTestSupport
import Testing

/// The server's clock-driven side and its tokens, on a real loopback server whose clock the test moves.
@Suite("Serving schedules, parked runs, moderation and tokens", .tags(.loopback))
struct BackgroundServerTests {
    static let start = try! Date("2026-12-02T10:00:30Z", strategy: .iso8601)

    /// Serves the workspace on a free port, the scheduler looking every 50 ms at `clock`, while `body` runs.
    static func withServer(
        _ test: TestWorkspace, clock: FakeClock, limits: (runs: Int, perFlow: Int, queue: Int) = (64, 16, 10_000),
        _ body: (String) async throws -> Void
    ) async throws {
        let context = try test.open()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var options = SluiceServer.Options(host: "127.0.0.1", port: 0, tick: .milliseconds(50), clock: { clock.now })
        (options.maximumRuns, options.maximumRunsPerFlow, options.maximumQueue) = limits
        let server = Task { try await SluiceServer.run(context: context, options: options) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body("http://127.0.0.1:\(port)")
        server.cancel()
        _ = await server.result
    }

    static func call(_ method: HTTPMethod, _ url: String, token: String? = nil, body: String = "") async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if !body.isEmpty {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(body.utf8))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// Waits up to 10 s for `condition`.
    static func eventually(_ condition: () throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try condition() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return try condition()
    }

    @Test("the API asks for a token; a token stands in for a webhook's signature; a revoked token stops at the next request")
    func tokens() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        try test.writeFlow(
            context, name: "Hook",
            blocks: [["id": "hook", "type": "webhook", "name": "Call", "config": [:]]])
        // Beyond loopback the server does not start without a token, and does with one.
        let open = SluiceServer.Options(host: "0.0.0.0", port: 0)
        #expect(throws: SluiceServer.StartError.self) { _ = try SluiceServer.application(context: context, options: open) }
        let (_, token) = try TokenService(context).create(name: "ci")
        #expect(token.hasPrefix("sluice_") && token.count > 40)
        #expect(throws: Never.self) { _ = try SluiceServer.application(context: context, options: open) }
        #expect(!(try String(contentsOfFile: test.root + "/.sluice/tokens.json", encoding: .utf8)).contains(token), "stored hashed")
        try await Self.withServer(test, clock: FakeClock(Date())) { base in
            let bare = try await Self.call(.GET, base + "/api/v1/moderation")
            #expect(bare.status == 401 && bare.text.contains("Bearer"))
            #expect(try await Self.call(.GET, base + "/api/v1/moderation", token: token + "x").status == 401)
            let listed = try await Self.call(.GET, base + "/api/v1/moderation", token: token)
            #expect(listed.status == 200 && listed.text == "[]\n", "\(listed.text)")
            #expect(try await Self.call(.GET, base + "/api/v1/runs/run_nope", token: token).status == 404)
            // The flow has no webhookSecret: unsigned calls are refused, a call with a token is a run.
            #expect(try await Self.call(.POST, base + "/hooks/production/hook", body: #"{"a": 1}"#).status == 401)
            let hooked = try await Self.call(.POST, base + "/hooks/production/hook", token: token, body: #"{"a": 1}"#)
            #expect(hooked.status == 202, "\(hooked.text)")
            let run = try #require(try JSONParser.parse(hooked.text)["run"]?.stringValue)
            let shown = try await Self.call(.GET, base + "/api/v1/runs/\(run)", token: token)
            let data = try JSONParser.parse(shown.text)["run"]?["trigger"]?["data"]
            #expect(shown.status == 200 && data == ["a": 1], "\(shown.text)")
            _ = try TokenService(context).revoke(name: "ci")
            #expect(try await Self.call(.GET, base + "/api/v1/moderation", token: token).status == 401)
        }
    }

    @Test("a schedule fires when the clock reaches it, and a parked Delay wakes when its time comes")
    func scheduleAndDelay() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let every = try test.writeFlow(
            context, name: "Every five", blocks: [["id": "clock", "type": "schedule", "name": "Clock", "config": ["cron": "*/5 * * * *"]]])
        let later = try test.writeFlow(
            context, name: "Later",
            blocks: [
                ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["wait"]],
                ["id": "wait", "type": "delay", "name": "Wait", "config": ["seconds": 3600]],
            ])
        let clock = FakeClock(Self.start)
        let runs = RunService(context, parksDelaysFrom: 1, clock: { clock.now })
        let parked = try #require(try await runs.run("later").first)
        #expect(parked.status == .waiting)
        let store = try RunStore(path: test.root + "/.sluice/runs/production.sqlite")
        try await Self.withServer(test, clock: clock) { _ in
            // The first look at the schedule marks where it starts: nothing before now runs.
            #expect(try await Self.eventually { try store.scheduleMark(every.flow.id) != nil })
            #expect(try store.runs(flowID: every.flow.id).isEmpty)
            clock.set(try Date("2026-12-02T10:05:10Z", strategy: .iso8601))
            #expect(try await Self.eventually { try store.runs(flowID: every.flow.id).first?.status == .succeeded })
            let fired = try store.runs(flowID: every.flow.id)
            #expect(fired.count == 1 && fired.first?.trigger["data"]?["scheduledAt"] == "2026-12-02T10:05:00Z")
            #expect(try store.run(parked.id)?.status == .waiting)
            clock.set(Self.start.addingTimeInterval(3600))
            #expect(try await Self.eventually { try store.run(parked.id)?.status == .succeeded })
            #expect(try store.runs(flowID: later.flow.id).count == 1)
        }
    }

    @Test("a moderation decision over the API runs the parked run on, along then or else; a second decision finds nothing")
    func moderation() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        try test.writeModerationFlow(context)
        var options = MediaLibrary.UploadOptions()
        options.folder = "products"
        _ = try await RunService(context).upload(files: [TestEnvironment.fixtures + "/media/red-bag.jpg"], options: options)
        let first = try #require(try await RunService(context).run("review", assets: ["products/red-bag"]).first)
        let second = try #require(try await RunService(context).run("review", assets: ["products/red-bag"]).first)
        let (_, token) = try TokenService(context).create(name: "moderator")
        let store = try RunStore(path: test.root + "/.sluice/runs/production.sqlite")
        try await Self.withServer(test, clock: FakeClock(Date())) { base in
            let queue = try await Self.call(.GET, base + "/api/v1/moderation", token: token)
            let waiting = try JSONParser.parse(queue.text).arrayValue
            #expect(waiting?.count == 2, "\(queue.text)")
            let approved = try await Self.call(.POST, base + "/api/v1/moderation/\(first.id)/approve", token: token)
            #expect(approved.status == 202 && approved.text.contains(first.id), "\(approved.text)")
            let rejected = try await Self.call(.POST, base + "/api/v1/moderation/\(second.id)/reject", token: token)
            #expect(rejected.status == 202)
            #expect(try await Self.eventually { try store.run(first.id)?.status == .succeeded && store.run(second.id)?.status == .succeeded })
            let ports = try [first.id, second.id].map { try store.steps(of: $0).first { $0.blockID == "review" }?.ports ?? [] }
            #expect(ports == [["next", "then"], ["next", "else"]])
            let again = try await Self.call(.POST, base + "/api/v1/moderation/\(first.id)/reject", token: token)
            #expect(again.status == 404 && again.text.split(separator: "\n").count == 1)
            #expect(try await Self.call(.POST, base + "/api/v1/moderation/run_nope/approve", token: token).status == 404)
            #expect(try await Self.call(.POST, base + "/api/v1/moderation/\(first.id)/approve").status == 401)
        }
    }
}

@Suite("Serving the files as they change", .tags(.loopback))
struct ReloadServerTests {
    @Test("a hand edit is picked up without a restart; a broken document is refused with its error and the others go on")
    func handEdits() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let hook = try test.writeFlow(context, name: "Hook", blocks: [["id": "hook", "type": "webhook", "name": "Call", "config": [:]]])
        let (_, token) = try TokenService(context).create(name: "ci")
        try await BackgroundServerTests.withServer(test, clock: FakeClock(Date())) { base in
            let url = base + "/hooks/production/hook"
            #expect(try await BackgroundServerTests.call(.POST, url, token: token, body: "{}").status == 202)
            // Disabled by hand in the editor: the next call sees it.
            var flow = try JSONParser.parse(try test.read(hook.path))
            try flow.set(false, at: "/enabled")
            try test.write(hook.path, flow.canonicalText())
            let disabled = try await BackgroundServerTests.call(.POST, url, token: token, body: "{}")
            #expect(disabled.status == 400 && disabled.text.contains("disabled"), "\(disabled.text)")
            // Broken by hand: refused with the file and the problem, in one line; a fixed file runs again.
            try test.write(hook.path, "{\"kind\": \"flow\",")
            let broken = try await BackgroundServerTests.call(.POST, url, token: token, body: "{}")
            #expect(broken.status == 503 && broken.text.contains(hook.path), "\(broken.status) \(broken.text)")
            try flow.set(true, at: "/enabled")
            try test.write(hook.path, flow.canonicalText())
            #expect(try await BackgroundServerTests.call(.POST, url, token: token, body: "{}").status == 202)
        }
    }
}

@Suite("Serving within limits", .tags(.loopback))
struct LimitServerTests {
    @Test("runs beyond the concurrency limit wait in the queue; calls beyond the queue are answered 429 with Retry-After")
    func queueAndRefusals() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let hook = try test.writeFlow(
            context, name: "Hook",
            blocks: [
                ["id": "hook", "type": "webhook", "name": "Call", "config": [:], "next": ["nap"]],
                ["id": "nap", "type": "delay", "name": "Nap", "config": ["seconds": 0.9]],
            ])
        let (_, token) = try TokenService(context).create(name: "ci")
        try await BackgroundServerTests.withServer(test, clock: FakeClock(Date()), limits: (runs: 1, perFlow: 1, queue: 2)) { base in
            let url = base + "/hooks/production/hook"
            var answers: [(status: Int, text: String)] = []
            for _ in 0..<5 { answers.append(try await BackgroundServerTests.call(.POST, url, token: token, body: "{}")) }
            #expect(answers.map(\.status) == [202, 202, 202, 429, 429], "\(answers)")
            #expect(answers[3].text.contains("waiting to start"))
            let store = try RunStore(path: test.root + "/.sluice/runs/production.sqlite")
            #expect(try await BackgroundServerTests.eventually { try store.runs(flowID: hook.flow.id).allSatisfy { $0.status == .succeeded } })
            // One at a time: each nap starts after the one before ended.
            let naps = try store.runs(flowID: hook.flow.id).compactMap { run in try store.steps(of: run.id).first { $0.blockID == "nap" } }
                .sorted { $0.startedAt < $1.startedAt }
            #expect(naps.count == 3)
            for (before, after) in zip(naps, naps.dropFirst()) { #expect(after.startedAt >= before.finishedAt ?? .distantFuture) }
            // The queue has room again.
            #expect(try await BackgroundServerTests.call(.POST, url, token: token, body: "{}").status == 202)
            // What /metrics says (with a token): runs by flow and status, refusals by route, the queue, latencies.
            #expect(try await BackgroundServerTests.call(.GET, base + "/metrics").status == 401)
            #expect(try await BackgroundServerTests.eventually { try store.runs(flowID: hook.flow.id).allSatisfy { $0.status == .succeeded } })
            let metrics = try await BackgroundServerTests.call(.GET, base + "/metrics", token: token).text
            let lines = Set(metrics.split(separator: "\n").map(String.init))
            #expect(lines.contains("sluice_runs_total{flow=\"\(hook.flow.id)\",status=\"succeeded\"} 4"), "\(metrics)")
            #expect(lines.contains("sluice_http_requests_total{route=\"/hooks/{environment}/{flow}\",method=\"POST\",status=\"429\"} 2"))
            #expect(lines.contains("sluice_run_queue_depth 0.0") || lines.contains("sluice_run_queue_depth 0"))
            #expect(metrics.contains("sluice_http_request_duration_seconds_bucket{route=\"/hooks/{environment}/{flow}\",method=\"POST\",le="))
        }
    }
}

@Suite("Serving what teams push", .tags(.loopback))
struct SyncServerTests {
    @Test("serve --sync-every takes what another machine pushed and serves it without a restart")
    func deployByPush() async throws {
        let remote = try TemporaryDirectory()
        let bare = remote.child("remote.git")
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", bare], in: remote.path).status == 0)
        let server = try TestWorkspace()
        let context = try server.open()
        try SyncService(context).addRemote(name: "origin", url: bare)
        #expect(try SyncService(context).sync().outcome == .pushed)
        let (_, token) = try TokenService(context).create(name: "ci")
        let laptop = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", bare, laptop.root], in: laptop.directory.path).status == 0)
        // Without a remote, --sync-every refuses to start.
        var lonely = SluiceServer.Options(host: "127.0.0.1", port: 0)
        lonely.syncEvery = .seconds(1)
        #expect(throws: SluiceServer.StartError.self) { _ = try SluiceServer.application(context: try TestWorkspace().open(), options: lonely) }

        var options = SluiceServer.Options(host: "127.0.0.1", port: 0, tick: .milliseconds(50))
        options.syncEvery = .milliseconds(200)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await SluiceServer.run(context: context, options: options) { continuation.yield($0) } }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let base = "http://127.0.0.1:\(try #require(await iterator.next()))"
        #expect(try await BackgroundServerTests.call(.POST, base + "/hooks/production/deployed", token: token, body: "{}").status == 404)
        // A colleague adds a flow and pushes it.
        let colleague = try laptop.open()
        try laptop.writeFlow(colleague, name: "Deployed", blocks: [["id": "hook", "type": "webhook", "name": "Call", "config": [:]]])
        #expect(try SyncService(colleague).sync().outcome == .pushed)
        let arrived = try await BackgroundServerTests.eventually { ((try? server.read("flows/deployed/flow.json")) ?? "").contains("Deployed") }
        #expect(arrived)
        let answer = try await BackgroundServerTests.call(.POST, base + "/hooks/production/deployed", token: token, body: "{}")
        #expect(answer.status == 202, "\(answer.text)")
        running.cancel()
        _ = await running.result
    }
}

@Suite("Responding to webhooks with the result", .tags(.loopback))
struct RespondServerTests {
    @Test("a flow that asks to respond with its result is answered 200 with its outputs, or 202 when it takes longer than its limit")
    func respondWithResult() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        try test.writeFlow(
            context, name: "Quote",
            blocks: [
                ["id": "hook", "type": "webhook", "name": "Call", "config": ["respond": "result"], "next": ["check"]],
                [
                    "id": "check", "type": "if", "name": "Check",
                    "config": ["rules": [["value": "{{trigger.data.size}}", "operator": "equals", "operand": "large"]]],
                ],
            ])
        try test.writeFlow(
            context, name: "Slow quote",
            blocks: [
                ["id": "hook", "type": "webhook", "name": "Call", "config": ["respond": "result", "respondTimeoutSeconds": 0.2], "next": ["nap"]],
                ["id": "nap", "type": "delay", "name": "Nap", "config": ["seconds": 0.9]],
            ])
        let (_, token) = try TokenService(context).create(name: "ci")
        try await BackgroundServerTests.withServer(test, clock: FakeClock(Date())) { base in
            let quick = try await BackgroundServerTests.call(.POST, base + "/hooks/production/quote", token: token, body: #"{"size": "large"}"#)
            #expect(quick.status == 200, "\(quick.text)")
            let answer = try JSONParser.parse(quick.text)
            #expect(answer["status"] == "succeeded" && answer["outputs"]?["hook"]?["data"]?["size"] == "large", "\(quick.text)")
            #expect(answer["outputs"]?["check"] != nil)
            let slow = try await BackgroundServerTests.call(.POST, base + "/hooks/production/slow-quote", token: token, body: "{}")
            #expect(slow.status == 202 && slow.text.contains("still running"), "\(slow.text)")
            let run = try #require(try JSONParser.parse(slow.text)["run"]?.stringValue)
            let store = try RunStore(path: test.root + "/.sluice/runs/production.sqlite")
            #expect(try await BackgroundServerTests.eventually { try store.run(run)?.status == .succeeded })
        }
    }
}
