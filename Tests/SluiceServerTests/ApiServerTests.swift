import Foundation
import Logging
import NIOHTTP1
import SluiceJSON
import SluiceMedia
import SluiceServer
import SluiceTestSupport
import SluiceWorkspace
import SluiceWorkspaceTestSupport
import Synchronization
import Testing

/// The JSON API over what the CLI does, on a real loopback server.
@Suite("The JSON API", .tags(.loopback))
struct ApiServerTests {
    typealias Server = BackgroundServerTests

    @Test("the routes the server answers are the routes openapi/sluice.yaml describes, method by method")
    func routesMatchTheDocument() throws {
        let document = try String(contentsOfFile: TestEnvironment.packageRoot + "/openapi/sluice.yaml", encoding: .utf8)
        var described: [String] = []
        var path: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("  "), !line.hasPrefix("   ") {
                path = nil
            } else if let current = path, current.hasPrefix("/api/"),
                let method = ["get", "post", "put", "patch", "delete"].first(where: {
                    line == "    \($0):"
                })
            {
                described.append("\(method.uppercased()) \(current)")
            }
        }
        #expect(described.count > 10, "the document's paths were read")
        #expect(
            Set(described) == Set(SluiceServer.apiRoutes),
            "described only: \(Set(described).subtracting(SluiceServer.apiRoutes)), served only: \(Set(SluiceServer.apiRoutes).subtracting(described))"
        )
    }

    @Test("flows, runs, assets, notifications and their marks, usage and connections over the API, as the token's user")
    func overTheApi() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        var options = MediaLibrary.UploadOptions()
        options.folder = "shop"
        _ = try await RunService(context).upload(files: [TestEnvironment.fixtures + "/media/red-bag.jpg"], options: options)
        try test.writeFlow(
            context, name: "Notify",
            blocks: [
                ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["tag"]],
                [
                    "id": "tag", "type": "update-tags", "name": "Tag", "next": ["notify"],
                    "config": ["asset": "{{trigger.asset.publicId}}", "operation": "add", "tags": ["{{trigger.data.tag}}"]],
                ],
                [
                    "id": "notify", "type": "notification", "name": "Notify",
                    "config": ["asset": "{{trigger.asset.publicId}}", "recipients": ["ops@example.com"], "title": "Tagged", "message": "done"],
                ],
            ])
        _ = try ConnectionService(context).add(app: "slack", name: "Team", settings: [:], secrets: ["webhookURL": "https://hooks.example/SECRETPATH"])
        let (_, token) = try TokenService(context).create(name: "robot")
        try await Server.withServer(test, clock: FakeClock(Date())) { base in
            let api = base + "/api/v1"
            func get(_ path: String) async throws -> (status: Int, json: JSONValue?) {
                let answer = try await Server.call(.GET, api + path, token: token)
                #expect(!answer.text.contains("SECRETPATH"), "no secret value in \(path)")
                return (answer.status, try? JSONParser.parse(Array(answer.text.utf8)))
            }

            let flows = try await get("/flows")
            #expect(flows.status == 200 && flows.json?.arrayValue?.first?["slug"]?.stringValue == "notify", "\(String(describing: flows.json))")
            let flow = try await get("/flows/Notify")
            #expect(flow.json?["flow"]?["blocks"]?.arrayValue?.count == 3 && flow.json?["secretNames"]?.arrayValue == [])
            #expect(try await get("/flows/nope").status == 404)

            let started = try await Server.call(
                .POST, api + "/flows/notify/runs", token: token, body: #"{"asset": "shop/red-bag", "data": {"tag": "sale"}}"#)
            #expect(started.status == 202, "\(started.text)")
            let run = try #require(try JSONParser.parse(Array(started.text.utf8))["run"]?.stringValue)
            var log: JSONValue?
            for _ in 0..<200 where log?["run"]?["status"]?.stringValue != "succeeded" {
                log = try await get("/runs/" + run).json
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(log?["run"]?["status"]?.stringValue == "succeeded", "\(String(describing: log))")
            #expect(try await Server.call(.POST, api + "/flows/notify/runs", token: token, body: #"{"asset": 7}"#).status == 400)
            #expect(try await Server.call(.POST, api + "/flows/notify/runs", token: token, body: #"{"asset": "shop/none"}"#).status == 404)

            let runs = try await get("/runs?flow=notify&status=succeeded&limit=5")
            #expect(runs.json?.arrayValue?.map { $0["id"]?.stringValue } == [run])
            #expect(try await get("/runs?status=finished").status == 400)
            #expect(try await get("/runs?limit=0").status == 400)

            let found = try await get("/assets?search=" + "tags:sale".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(found.json?.arrayValue?.map { $0["publicId"]?.stringValue } == ["shop/red-bag"], "\(String(describing: found.json))")
            let asset = try await get("/assets/shop/red-bag")
            // The notification's thumbnail was derived from it.
            let derived = asset.json?["derivations"]?.arrayValue ?? []
            #expect(
                asset.json?["asset"]?["tags"]?.arrayValue == ["sale"] && derived.count == 1 && derived.first?["width"] != nil,
                "\(String(describing: asset.json))")
            #expect(try await get("/assets/shop/none").status == 404)

            // Notifications: the marks are the token's user's, each one commit.
            let overview = try await get("/notifications?unread=true")
            #expect(overview.json?["user"]?.stringValue == "robot" && overview.json?["unread"]?.intValue == 1)
            let id = try #require(overview.json?["notifications"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await get("/notifications/\(id)?filter=not-viewed").json?["notification"]?["assets"]?.arrayValue?.count == 1)
            #expect(
                try await Server.call(.POST, api + "/notifications/\(id)/viewed", token: token, body: #"{"assets": ["shop/red-bag"]}"#).status == 204)
            #expect(try await get("/notifications/\(id)?filter=not-viewed").json?["notification"]?["assets"]?.arrayValue?.count == 0)
            #expect(try await Server.call(.POST, api + "/notifications/\(id)/viewed", token: token, body: "{}").status == 400)
            #expect(try await Server.call(.POST, api + "/notifications/\(id)/read", token: token).status == 204)
            #expect(try await get("/notifications").json?["unread"]?.intValue == 0)
            #expect(try await get("/notifications?order=sideways").status == 400)
            let subject = try ProcessRunner.run("/usr/bin/env", ["git", "-C", test.root, "log", "-1", "--format=%s"]).stdout
            #expect(subject.contains("robot read \"Tagged\""), "\(subject)")

            let usage = try await get("/usage")
            #expect(usage.json?["touchpoints"]?.intValue == 1 && usage.json?["totalFlows"]?.intValue == 1, "\(String(describing: usage.json))")
            #expect(try await get("/usage?cycle=someday").status == 400)
            let connections = try await get("/connections")
            let account = connections.json?["manage"]?.arrayValue?.first?["accounts"]?.arrayValue?.first
            #expect(account?["name"]?.stringValue == "Team" && account?["secretFields"]?.arrayValue == ["webhookURL"])

            let wrongMethod = try await Server.call(.DELETE, api + "/flows")
            #expect(wrongMethod.status == 405 && wrongMethod.text.contains("GET"))
            #expect(try await Server.call(.GET, api + "/flows").status == 401)
        }
    }
}

@Suite("Structured logs")
struct JSONLogTests {
    @Test("a record is one line of JSON: time, level, logger, message and the metadata, whatever the text holds")
    func oneObjectALine() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "sluice.serve") { JSONLogHandler(label: $0, level: .info) { line in lines.withLock { $0.append(line) } } }
        logger[metadataKey: "flow"] = "flw_1"
        logger.debug("not at info")
        logger.warning("a \"quoted\"\nline", metadata: ["run": "run_1", "tries": .stringConvertible(3), "path": .array(["a", "b"])])
        let written = lines.withLock { $0 }
        #expect(written.count == 1 && written[0].hasSuffix("\n") && written[0].dropLast().allSatisfy { $0 != "\n" }, "\(written)")
        let record = try JSONParser.parse(Array(written[0].utf8))
        #expect(record["level"]?.stringValue == "warning" && record["logger"]?.stringValue == "sluice.serve")
        #expect(record["message"]?.stringValue == "a \"quoted\"\nline" && record["flow"]?.stringValue == "flw_1")
        #expect(record["run"]?.stringValue == "run_1" && record["tries"]?.stringValue == "3" && record["path"]?.arrayValue == ["a", "b"])
        #expect(try Date(record["time"]?.stringValue ?? "", strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) <= Date())
        #expect(throws: SluiceServer.StartError.self) { try SluiceServer.bootstrapLogging(format: .json, level: "loud") }
    }
}
