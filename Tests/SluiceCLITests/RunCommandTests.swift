import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Synchronization
import Testing

/// `sluice run`, `runs`, `logs`, `moderation`, `notifications` and `usage` as a user types them.
@Suite("sluice run and what follows", .tags(.endToEnd))
struct RunCommandTests {
    func sample(_ name: String) -> String { TestEnvironment.fixtures + "/media/" + name }

    @Test("upload runs the moderation flow; approve it, read the log, the notification and the usage")
    func moderationRoundTrip() throws {
        let test = try TestWorkspace(environmentOverrides: ["SLUICE_USER": "ana@example.com"])
        #expect(try test.sluice("flows", "new", "Review", "--template", "moderation-queue").status == 0)
        #expect(try test.sluice("flows", "enable", "review").status == 0)
        let uploaded = try test.sluice("upload", sample("red-bag.jpg"), "--tags", "ugc")
        #expect(uploaded.status == 0 && uploaded.stdout.contains("Review on red-bag: waiting for a moderation decision"), "\(uploaded.output)")
        let queue = try JSONParser.parse(try test.sluice("moderation", "list", "--json").stdout)
        let runID = try #require(queue[0]?["run"]?.stringValue)
        let approved = try test.sluice("moderation", "approve", runID)
        #expect(approved.status == 0 && approved.stdout.contains("Review on red-bag: succeeded"), "\(approved.output)")

        let log = try JSONParser.parse(try test.sluice("logs", "review", "--json").stdout)
        #expect(
            log["run"]?["id"] == .string(runID)
                && log["steps"]?.arrayValue?.compactMap { $0["blockId"]?.stringValue } == [
                    "upload", "moderate", "approved", "notify-approved",
                ])
        let text = try test.sluice("logs", "--run", runID)
        #expect(text.stdout.contains("moderate (manual-moderation): succeeded") && text.stdout.contains("→ next, then"))
        #expect(try test.sluice("runs", "--status", "succeeded").stdout.contains(runID))

        let notifications = try JSONParser.parse(try test.sluice("notifications", "--json").stdout)
        #expect(notifications["unread"] == 1 && notifications["user"] == "ana@example.com")
        let id = try #require(notifications["notifications"]?[0]?["id"]?.stringValue)
        #expect(try test.sluice("notifications", "view", id, "--all").status == 0)
        #expect(try test.sluice("notifications", "read", id).status == 0)
        #expect(try test.sluice("notifications", "--unread").stdout.contains("0 unread for ana@example.com"))
        #expect(try test.sluice("notifications", "show", id, "--filter", "not-viewed").stdout.split(separator: "\n").count == 2)

        let usage = try JSONParser.parse(try test.sluice("usage", "--json").stdout)
        #expect(usage["touchpoints"] == 1 && usage["totalFlows"] == 1)
        #expect(try test.sluice("usage", "--cycle", "2026-13").status != 0)
        try test.expectCleanAndSoundCLI()
    }

    @Test("eight uploads in parallel processes into a flow with a Notification block: the notification holds every asset")
    func parallelNotifications() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("flows", "new", "Notify", "--power").status == 0)
        var document = try #require(try JSONParser.parse(try test.read("flows/notify/flow.json")).objectValue)
        document["enabled"] = true
        document["blocks"] = [
            ["id": "upload", "type": "asset.uploaded", "name": "On upload", "config": ["resourceTypes": ["image"]], "next": ["tell"]],
            [
                "id": "tell", "type": "notification", "name": "Tell",
                "config": [
                    "asset": "{{trigger.asset.publicId}}", "recipients": ["team@example.com"], "title": "Uploads",
                    "message": "{{trigger.asset.publicId}} arrived",
                ],
            ],
        ]
        try test.write("flows/notify/flow.json", JSONValue.object(document).canonicalText())
        #expect(try test.sluice("commit", "-m", "Notify on upload").status == 0)
        let samples = ["red-bag.jpg", "blue-shoe.webp", "sunset.jpg", "logo.png", "spinner.gif", "progressive.jpg"].map(sample)
        let results = Mutex<[Int: Result<ProcessResult, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let result = Result { try SluiceCLI.run(["upload"] + samples + ["--folder", "p\(index)"], in: test.root, environment: test.environment) }
            results.withLock { $0[index] = result }
        }
        for index in 0..<8 {
            let upload = try #require(results.withLock { $0[index] }).get()
            #expect(upload.status == 0, "\(upload.output)")
        }
        let files = FileManager.default.enumerator(atPath: test.root + "/notifications")?.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".json")
        }
        let notification = try JSONParser.parse(try test.read("notifications/" + (try #require(files?.first))))
        #expect(notification["assets"]?.arrayValue?.count == 8 * samples.count)
        #expect(try test.git("status", "--porcelain").stdout.isEmpty)
    }

    @Test(
        "a run whose HTTP block fails with a secret and a token in the request: no output, store, file, git object or POST holds them",
        .tags(.loopback), .requires(GitHTTPServer.python != nil, "needs python3 for the loopback HTTP server"))
    func secretsInFailures() throws {
        let secret = "sk/LIVE+9xZ42=="
        let token = "TOKEN-5551234"
        let test = try TestWorkspace()
        let server = try HTTPTestServer(directory: test.directory.child("http"))
        defer { server.stop() }
        #expect(try test.sluice("flows", "new", "Leaky", "--power").status == 0)
        #expect(try test.sluice("flows", "secrets", "leaky", "set", "apiKey", input: secret + "\n").status == 0)
        let add = try test.sluice("connections", "add", "http", "--name", "API", "--field", "auth=bearer", input: "{\"token\": \"\(token)\"}")
        #expect(add.status == 0, "\(add.output)")
        var document = try #require(try JSONParser.parse(try test.read("flows/leaky/flow.json")).objectValue)
        document["errorNotification"] = ["url": .string(server.url("/failures"))]
        document["blocks"] = [
            ["id": "start", "type": "manual", "name": "Start", "config": [:], "next": ["call"]],
            [
                "id": "call", "type": "http-request", "name": "Call",
                "config": [
                    "method": "POST", "url": .string(server.url("/echo-status/400?key={{secrets.apiKey}}")), "body": ["key": "{{secrets.apiKey}}"],
                ],
            ],
        ]
        try test.write("flows/leaky/flow.json", JSONValue.object(document).canonicalText())
        #expect(try test.sluice("commit", "-m", "Leaky flow").status == 0)
        #expect(try test.sluice("flows", "connect", "leaky", "call", "API").status == 0)

        var outputs: [ProcessResult] = []
        let run = try test.sluice("run", "leaky", "--data", "{\"echo\": \"\(secret)\"}")
        #expect(run.status == 2 && run.output.contains("[secret]"), "\(run.output)")
        outputs.append(run)
        for arguments in [["runs"], ["runs", "--json"], ["logs", "leaky"], ["logs", "leaky", "--json"], ["flows", "show", "leaky"]] {
            let result = try SluiceCLI.run(arguments, in: test.root, environment: test.environment)
            #expect(result.status == 0, "\(arguments): \(result.output)")
            outputs.append(result)
        }
        let report = try #require(server.requests().first { $0.path == "/failures" })
        #expect(try JSONParser.parse(report.body)["error"]?.stringValue?.contains("[secret]") == true, "\(report.body)")
        var texts = outputs.map(\.output) + [report.body, try test.allObjectContents()]
        let files = FileManager.default.enumerator(atPath: test.root)?.compactMap { $0 as? String } ?? []
        for file in files where !file.hasPrefix(".git/") {
            if let bytes = FileManager.default.contents(atPath: test.root + "/" + file) { texts.append(String(decoding: bytes, as: UTF8.self)) }
        }
        for leak in [secret, token, secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret] {
            #expect(!texts.contains { $0.contains(leak) }, "\(leak) leaked")
        }
    }

    @Test("sixteen processes creating the run store and the media catalog at once all succeed (five fresh workspaces)")
    func parallelStoreCreation() throws {
        for _ in 0..<5 {
            let test = try TestWorkspace()
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                let arguments = index % 2 == 0 ? ["runs", "--json"] : ["assets", "list", "--json"]
                do {
                    let result = try SluiceCLI.run(arguments, in: test.root, environment: test.environment)
                    if result.status != 0 { failures.withLock { $0.append(result.output) } }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        }
    }

    @Test("run on an asset that does not exist, a flow with errors, and a failing run give one line and an exit status")
    func failures() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0)
        let missing = try test.sluice("run", "tags", "--asset", "nope")
        #expect(missing.status == 1 && missing.stderr == "sluice: error: no asset \"nope\" (`sluice assets list` shows them)\n", "\(missing.output)")
        #expect(try test.sluice("run", "tags", "--data", "[1]").status != 0)
        try test.write("flows/tags/flow.json", try test.read("flows/tags/flow.json").replacingOccurrences(of: "\"add\"", with: "\"sprinkle\""))
        let invalid = try test.sluice("run", "tags")
        #expect(invalid.status == 1 && invalid.stderr.contains("flows/tags/flow.json:") && invalid.stderr.contains("/blocks/1/config/operation"))
        try test.write("flows/tags/flow.json", try test.read("flows/tags/flow.json").replacingOccurrences(of: "\"sprinkle\"", with: "\"add\""))
        let failed = try test.sluice("run", "tags")
        #expect(failed.status == 2 && failed.stdout.contains("failed at block tag"), "\(failed.output)")
    }
}

extension TestWorkspace {
    /// After commands that commit (notification marks), the work tree is clean and git is sound.
    func expectCleanAndSoundCLI(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try git("status", "--porcelain").stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try git("fsck", "--strict").status == 0, sourceLocation: sourceLocation)
    }
}
