import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// DESIGN §6: a run's state is written after every block, so `sluice run` killed with SIGKILL mid-run is finished by
/// `sluice runs resume` without repeating the blocks that had finished.
@Suite("sluice run killed mid-run", .tags(.endToEnd, .slow))
struct RunKillTests {
    /// A workspace with the red bag uploaded and a flow: manual → duplicate the asset → wait → tag the copy.
    func slowFlow(seconds: Double) throws -> TestWorkspace {
        let test = try TestWorkspace()
        #expect(try test.sluice("upload", TestEnvironment.fixtures + "/media/red-bag.jpg").status == 0)
        #expect(try test.sluice("flows", "new", "Slow", "--power").status == 0)
        var flow = try JSONParser.parse(try test.read("flows/slow/flow.json"))
        try flow.set(
            [
                ["id": "start", "type": "manual", "name": "Start", "config": [:], "next": ["copy"]],
                ["id": "copy", "type": "duplicate-asset", "name": "Copy", "config": ["asset": "{{trigger.asset.publicId}}"], "next": ["wait"]],
                ["id": "wait", "type": "delay", "name": "Wait", "config": ["seconds": .number(JSONNumber(seconds))], "next": ["tag"]],
                [
                    "id": "tag", "type": "update-tags", "name": "Tag",
                    "config": ["asset": "{{blocks.copy.output.publicId}}", "operation": "add", "tags": ["after-wait"]],
                ],
            ], at: "/blocks")
        try test.write("flows/slow/flow.json", flow.canonicalText())
        #expect(try test.sluice("commit", "-m", "slow flow").status == 0)
        return test
    }

    /// Polls `body` every 50 ms for up to 20 s.
    func waitFor(_ what: String, _ body: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if try body() { return }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(what)")
    }

    func runs(_ test: TestWorkspace) throws -> [JSONValue] {
        try JSONParser.parse(try test.sluice("runs", "--json").stdout).arrayValue ?? []
    }

    @Test("a run killed after a block finished resumes from the next block; the copy is made once")
    func killAndResume() throws {
        let test = try slowFlow(seconds: 2)
        let run = try ProcessRunner.start(SluiceCLI.binary, ["run", "slow", "--asset", "red-bag"], in: test.root, environment: test.environment)
        var runID = ""
        try waitFor("the copy step to be recorded") {
            guard let id = try runs(test).first?["id"]?.stringValue else { return false }
            runID = id
            let log = try JSONParser.parse(try test.sluice("logs", "--run", id, "--json").stdout)
            return log["steps"]?.arrayValue?.contains { $0["blockId"] == "copy" } == true
        }
        run.kill()
        #expect(try runs(test).first?["status"] == "running")

        let resumed = try test.sluice("runs", "resume")
        #expect(resumed.status == 0 && resumed.stdout.contains("\(runID) Slow on red-bag: succeeded"), "\(resumed.output)")
        let copies = try JSONParser.parse(try test.sluice("assets", "search", "public_id:red-bag*", "--json").stdout)
        #expect(copies.arrayValue?.compactMap { $0["publicId"]?.stringValue }.sorted() == ["red-bag", "red-bag-copy"])
        #expect(copies.arrayValue?.first { $0["publicId"] == "red-bag-copy" }?["tags"] == ["after-wait"])
        let log = try JSONParser.parse(try test.sluice("logs", "--run", runID, "--json").stdout)
        #expect(log["steps"]?.arrayValue?.compactMap { $0["blockId"]?.stringValue } == ["start", "copy", "wait", "tag"])
        #expect(try test.sluice("runs", "resume").stdout == "no unfinished runs\n")
    }

    @Test("an upload of 60 files into two flows killed at six moments: resume gives every asset exactly one run of each")
    func killedUploads() throws {
        let test = try TestWorkspace()
        // Two flows on upload, each tagging: the first changes the asset before the second has run.
        for (name, tag) in [("Seen", "seen"), ("Also", "also")] {
            let slug = name.lowercased()
            #expect(try test.sluice("flows", "new", name, "--power").status == 0)
            var flow = try JSONParser.parse(try test.read("flows/\(slug)/flow.json"))
            try flow.set(true, at: "/enabled")
            try flow.set(
                [
                    ["id": "upload", "type": "asset.uploaded", "name": "On upload", "config": ["resourceTypes": ["image"]], "next": ["tag"]],
                    [
                        "id": "tag", "type": "update-tags", "name": "Tag",
                        "config": ["asset": "{{trigger.asset.publicId}}", "operation": "add", "tags": [.string(tag)]],
                    ],
                ], at: "/blocks")
            try test.write("flows/\(slug)/flow.json", flow.canonicalText())
        }
        #expect(try test.sluice("commit", "-m", "two flows").status == 0)
        let samples = test.directory.child("samples")
        try FileManager.default.createDirectory(atPath: samples, withIntermediateDirectories: true)
        let names = ["red-bag.jpg", "blue-shoe.webp", "sunset.jpg", "logo.png"]
        let files = try (0..<60).map { index in
            let file = samples + "/s\(index)-" + names[index % names.count]
            try FileManager.default.copyItem(atPath: TestEnvironment.fixtures + "/media/" + names[index % names.count], toPath: file)
            return file
        }
        // One whole upload first, to learn how long one takes here (each image is decoded to check it): the kills
        // land at fractions of that, in every phase (checking, storing, running).
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try SluiceCLI.run(["upload"] + files + ["--folder", "whole"], in: test.root, environment: test.environment).status == 0)
        let whole = clock.now - started
        let seconds = Double(whole.components.seconds) + Double(whole.components.attoseconds) / 1e18
        for (round, fraction) in [0.15, 0.3, 0.45, 0.6, 0.75, 0.9].enumerated() {
            let delay = seconds * fraction
            let upload = try ProcessRunner.start(
                SluiceCLI.binary, ["upload"] + files + ["--folder", "k\(round)"], in: test.root, environment: test.environment)
            usleep(useconds_t(delay * 1_000_000))
            upload.kill()
            let resumed = try test.sluice("runs", "resume")
            #expect(resumed.status == 0, "\(resumed.output)")
        }
        let assets = try JSONParser.parse(try test.sluice("assets", "search", "", "--json").stdout).arrayValue ?? []
        var runsPerAsset: [String: [String]] = [:]
        let all = try JSONParser.parse(try test.sluice("runs", "--json", "--limit", "10000").stdout).arrayValue ?? []
        for run in all {
            #expect(run["status"] == "succeeded", "\(run)")
            if let id = run["trigger"]?["asset"]?["publicId"]?.stringValue {
                runsPerAsset[id, default: []].append(run["flowName"]?.stringValue ?? "")
            }
        }
        #expect(!assets.isEmpty)
        for asset in assets {
            let id = asset["publicId"]?.stringValue ?? ""
            #expect(runsPerAsset[id]?.sorted() == ["Also", "Seen"], "\(id): \(runsPerAsset[id] ?? [])")
            #expect(asset["tags"] == ["also", "seen"], "\(id)")
        }
        #expect(runsPerAsset.count == assets.count)
        #expect(try test.sluice("runs", "resume").stdout == "no unfinished runs\n")
    }

    @Test("logs --follow prints blocks as they finish and ends with the run")
    func follow() throws {
        let test = try slowFlow(seconds: 1)
        let run = try ProcessRunner.start(SluiceCLI.binary, ["run", "slow", "--asset", "red-bag"], in: test.root, environment: test.environment)
        defer { run.kill() }
        var runID = ""
        try waitFor("the run to start") {
            runID = try runs(test).first?["id"]?.stringValue ?? ""
            return !runID.isEmpty
        }
        let followed = try test.sluice("logs", "--run", runID, "--follow")
        let lines = followed.stdout.split(separator: "\n").map(String.init)
        #expect(followed.status == 0 && lines.last?.hasPrefix("\(runID) Slow on red-bag: succeeded") == true, "\(followed.output)")
        #expect(lines.contains { $0.hasPrefix("  tag (update-tags): succeeded") })
    }
}
