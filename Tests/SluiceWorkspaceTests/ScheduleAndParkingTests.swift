import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Schedules and parked runs")
struct ScheduleAndParkingTests {
    static let start = try! Date("2026-12-02T10:00:30Z", strategy: .iso8601)

    static func schedule(_ cron: String, catchUp: String, zone: String = "UTC") -> JSONValue {
        [
            [
                "id": "clock", "type": "schedule", "name": "Clock",
                "config": ["cron": .string(cron), "timezone": .string(zone), "catchUp": .string(catchUp)],
            ]
        ]
    }

    /// The scheduled times of the runs a pass recorded, per flow name, after running them.
    static func fire(_ runs: RunService) async throws -> [String: [String]] {
        let tick = try runs.fireSchedules()
        #expect(tick.problems.isEmpty, "\(tick.problems)")
        var fired: [String: [String]] = [:]
        for run in tick.runs {
            let record = await run.complete()
            #expect(record?.status == .succeeded)
            fired[run.run.flowName, default: []].append(run.run.trigger["data"]?["scheduledAt"]?.stringValue ?? "?")
        }
        return fired.mapValues { $0.sorted() }
    }

    @Test("a schedule fires once per due time; times missed while stopped follow catchUp (skip, once, each)")
    func catchUp() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        for mode in ["skip", "once", "each"] { try test.writeFlow(context, name: mode, blocks: Self.schedule("*/5 * * * *", catchUp: mode)) }
        let clock = FakeClock(Self.start)
        let runs = RunService(context, clock: { clock.now })
        // First sight: nothing before now runs.
        #expect(try await Self.fire(runs).isEmpty)
        clock.set(try Date("2026-12-02T10:05:10Z", strategy: .iso8601))
        let onTime = ["2026-12-02T10:05:00Z"]
        #expect(try await Self.fire(runs) == ["skip": onTime, "once": onTime, "each": onTime])
        #expect(try await Self.fire(runs).isEmpty, "a time fires once")
        // Stopped from 10:05 to 10:31: 10:10 … 10:30 were missed; 10:30 is under a minute late.
        clock.set(try Date("2026-12-02T10:31:00Z", strategy: .iso8601))
        let missed = ["10:10", "10:15", "10:20", "10:25", "10:30"].map { "2026-12-02T\($0):00Z" }
        #expect(try await Self.fire(runs) == ["skip": ["2026-12-02T10:30:00Z"], "once": ["2026-12-02T10:30:00Z"], "each": missed])
        // Stopped again until 10:44: 10:40 is four minutes late, which skip does not run.
        clock.set(try Date("2026-12-02T10:44:00Z", strategy: .iso8601))
        #expect(try await Self.fire(runs) == ["once": ["2026-12-02T10:40:00Z"], "each": ["2026-12-02T10:35:00Z", "2026-12-02T10:40:00Z"]])
        // A second server, or a crash before the mark was written, finds the runs recorded: nothing runs twice.
        let store = try context.runStore()
        let each = try context.snapshot().flow("each").flow.id
        try store.markSchedules([each: try Date("2026-12-02T10:00:00Z", strategy: .iso8601)])
        #expect(try await Self.fire(RunService(context, clock: { clock.now })).isEmpty)
        #expect(try store.runs(flowID: each).count == 8)
    }

    @Test("a schedule reads its time zone's wall clock; a disabled flow does not fire; On Scheduled Search runs per asset found")
    func zonesAndSearches() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        try test.writeFlow(context, name: "Paris morning", blocks: Self.schedule("0 7 * * *", catchUp: "skip", zone: "Europe/Paris"))
        let off = try test.writeFlow(context, name: "Off", blocks: Self.schedule("* * * * *", catchUp: "each"))
        try FlowService(context).setEnabled(off.slug, false)
        try test.writeFlow(
            context, name: "Review",
            blocks: [
                [
                    "id": "sweep", "type": "schedule.search", "name": "Sweep",
                    "config": ["cron": "0 * * * *", "expression": "folder:products", "maxResults": 10],
                ]
            ])
        var options = MediaLibrary.UploadOptions()
        options.folder = "products"
        let media = TestEnvironment.fixtures + "/media/"
        _ = try await RunService(context).upload(files: [media + "red-bag.jpg", media + "blue-shoe.webp"], options: options)
        // 05:59 UTC is 06:59 in Paris in winter.
        let clock = FakeClock(try Date("2026-12-02T05:59:00Z", strategy: .iso8601))
        let runs = RunService(context, clock: { clock.now })
        #expect(try await Self.fire(runs).isEmpty)
        clock.advance(90)
        let tick = try runs.fireSchedules()
        #expect(tick.runs.map(\.run.flowName).sorted() == ["Paris morning", "Review", "Review"])
        let found = tick.runs.filter { $0.run.flowName == "Review" }.compactMap { $0.run.trigger["asset"]?["publicId"]?.stringValue }
        #expect(found.sorted() == ["products/blue-shoe", "products/red-bag"])
        for run in tick.runs { #expect(await run.complete()?.status == .succeeded) }
        // Enabled, then disabled for a day, then enabled again: the times it was disabled for are not caught up
        // (catchUp: each would run every minute of the day).
        try FlowService(context).setEnabled(off.slug, true)
        _ = try runs.fireSchedules()
        try FlowService(context).setEnabled(off.slug, false)
        clock.advance(86_400)
        _ = try runs.fireSchedules()
        try FlowService(context).setEnabled(off.slug, true)
        clock.advance(30)
        let enabled = try runs.fireSchedules().runs.filter { $0.run.flowName == "Off" }
        #expect(enabled.count <= 1, "only the minute that just came, if any: \(enabled.count) runs")
    }

    @Test(
        "a long Delay parks its run with a wake time; the run goes on once the time has come, a short one sleeps",
        .timeLimit(.minutes(1)))
    func parkedDelay() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        try test.writeFlow(
            context, name: "Later",
            blocks: [
                ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["wait"]],
                ["id": "wait", "type": "delay", "name": "Wait", "config": ["seconds": 3600], "next": ["after"]],
                ["id": "after", "type": "if", "name": "After", "config": ["rules": [["value": "a", "operator": "equals", "operand": "a"]]]],
            ])
        let clock = FakeClock(Self.start)
        let runs = RunService(context, parksDelaysFrom: 1, clock: { clock.now })
        let parked = try #require(try await runs.run("later").first)
        #expect(parked.status == .waiting && parked.wakeAt == Self.start.addingTimeInterval(3600))
        #expect(try runs.wake().isEmpty)
        clock.advance(3599)
        #expect(try runs.wake().isEmpty)
        clock.advance(1)
        // Another process (here another service over the same files) wakes it: the wake time is on disk.
        let woken = try RunService(context, parksDelaysFrom: 1, clock: { clock.now }).wake()
        #expect(woken.map(\.run.id) == [parked.id])
        #expect(try runs.wake().isEmpty, "a woken run is taken once")
        let finished = await woken[0].complete()
        #expect(finished?.status == .succeeded && finished?.wakeAt == nil)
        let steps = try runs.log(flow: nil, run: parked.id).steps
        #expect(steps.map(\.blockID) == ["go", "wait", "after"] && steps[1].output?["waited"] == 3600)
        // `sluice runs resume` (no parking, nobody to wake the run) honours the wake time it parked with: it does not
        // wait the whole delay again.
        let second = try #require(try await runs.run("later").first)
        clock.advance(3600)
        let resumed = try await RunService(context, clock: { clock.now }).resume()
        #expect(resumed.map(\.id) == [second.id] && resumed.first?.status == .succeeded)
        // Without parking (the command line), the same flow sleeps; a Delay under the threshold sleeps too.
        try test.writeFlow(
            context, name: "Soon",
            blocks: [
                ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["wait"]],
                ["id": "wait", "type": "delay", "name": "Wait", "config": ["seconds": 0.05]],
            ])
        #expect(try await runs.run("soon").first?.status == .succeeded)
    }

    @Test("a run that a live process runs is left to it; one whose process is gone is taken over, once")
    func owners() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let record = try test.writeFlow(context, name: "Plain", blocks: [["id": "go", "type": "manual", "name": "Go", "config": [:]]])
        let store = try context.runStore()
        func insert(_ id: String, owner: RunOwner) throws {
            let run = RunRecord(
                id: id, flowID: record.flow.id, flowName: "Plain", flowPath: record.path, triggerType: "manual", trigger: ["data": [:]],
                status: .running, startedAt: Date(), finishedAt: nil, failedBlock: nil, error: nil)
            try store.insert(run, owner: owner)
        }
        try insert("run_live", owner: .current)
        try insert("run_gone", owner: RunOwner(pid: Int32.max, started: nil))
        // The same pid with another start time is another process: the one that ran the run is gone.
        try insert("run_reused", owner: RunOwner(pid: getpid(), started: (RunOwner.current.started ?? 0) + 1))
        let taken = try RunService(context).takeOverStopped()
        #expect(Set(taken.map(\.run.id)) == ["run_gone", "run_reused"])
        #expect(try RunService(context).takeOverStopped().isEmpty)
        for run in taken { #expect(await run.complete()?.status == .succeeded) }
        #expect(try store.run("run_live")?.status == .running)
    }

    @Test("a moderation decision is written with the claim: if the process dies before the run goes on, the run resumes decided")
    func durableDecision() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        try test.writeModerationFlow(context)
        var options = MediaLibrary.UploadOptions()
        options.folder = "products"
        _ = try await RunService(context).upload(files: [TestEnvironment.fixtures + "/media/red-bag.jpg"], options: options)
        let parked = try #require(try await RunService(context).run("review", assets: ["products/red-bag"]).first)
        #expect(parked.status == .waiting)
        let accepted = try RunService(context).acceptDecision(run: parked.id, approve: true)
        #expect(throws: WorkspaceError.self) { try RunService(context).acceptDecision(run: parked.id, approve: false) }
        // The process dies here (the accepted run is never completed): its owner is gone.
        try test.orphanRun(parked.id)
        _ = accepted
        let resumed = try await RunService(context).resume()
        #expect(resumed.map(\.id) == [parked.id] && resumed.first?.status == .succeeded)
        let review = try RunService(context).log(flow: nil, run: parked.id).steps.first { $0.blockID == "review" }
        #expect(review?.output?["decision"] == "approved" && review?.ports.contains("then") == true)
    }
}

@Suite("Uploads made by flows")
struct FlowUploadTests {
    @Test("an Upload Media block's upload fires upload triggers, but never those of the flows that led to it")
    func chains() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let picture = TestEnvironment.fixtures + "/media/red-bag.jpg"
        func uploaded(_ folder: String, next: JSONValue) -> JSONValue {
            ["id": "upload", "type": "asset.uploaded", "name": "Upload", "config": ["folder": ["path": .string(folder)]], "next": next]
        }
        let mirror = try test.writeFlow(
            context, name: "Mirror",
            blocks: [
                uploaded("in", next: ["again", "copy"]),
                // Into the folder that triggers this very flow: the guard keeps it from looping.
                ["id": "again", "type": "upload-media", "name": "Again", "config": ["source": .string(picture), "folder": "in"]],
                ["id": "copy", "type": "upload-media", "name": "Copy", "config": ["source": .string(picture), "folder": "out"]],
            ])
        let tagger = try test.writeFlow(
            context, name: "Tag out",
            blocks: [
                uploaded("out", next: ["tag"]),
                [
                    "id": "tag", "type": "update-tags", "name": "Tag",
                    "config": ["asset": "{{trigger.asset.publicId}}", "operation": "add", "tags": ["mirrored"]],
                ],
            ])
        var options = MediaLibrary.UploadOptions()
        options.folder = "in"
        _ = try await RunService(context).upload(files: [picture], options: options)
        let store = try context.runStore()
        #expect(try store.runs(flowID: mirror.flow.id).map(\.status) == [.succeeded])
        let tagged = try store.runs(flowID: tagger.flow.id)
        #expect(tagged.map(\.status) == [.succeeded])
        #expect(tagged.first?.trigger["uploadChain"] == [.string(mirror.flow.id)])
        let library = try MediaService(context).library()
        #expect(try library.pendingTriggers().isEmpty)
        #expect(try library.asset("out/red-bag").tags == ["mirrored"])
        #expect(try library.search("folder:in").count == 2)
    }
}
