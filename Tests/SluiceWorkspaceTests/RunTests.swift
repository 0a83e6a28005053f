import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Running flows in a workspace")
struct RunTests {
    func sample(_ name: String) -> String { TestEnvironment.fixtures + "/media/" + name }

    func options(folder: String, tags: [String] = []) -> MediaLibrary.UploadOptions {
        var options = MediaLibrary.UploadOptions()
        options.folder = folder
        options.tags = tags
        return options
    }

    @Test("an upload runs the enabled flows whose trigger matches, and only those")
    func uploadTriggers() async throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Tag products", type: nil, template: "tag-by-folder")
        try FlowService(workspace).setEnabled("tag-products", true)
        try FlowService(workspace).create(name: "Disabled copy", type: nil, template: "tag-by-folder")
        let report = try await RunService(workspace).upload(
            files: [sample("red-bag.jpg"), sample("logo.png")], options: options(folder: "products/bags"))
        #expect(report.runs.count == 2 && report.runs.allSatisfy { $0.status == .succeeded && $0.flowName == "Tag products" })
        #expect(try MediaService(workspace).library().asset("products/bags/red-bag").tags == ["product", "products/bags"])
        let elsewhere = try await RunService(workspace).upload(files: [sample("sunset.jpg")], options: options(folder: "campaigns"))
        #expect(elsewhere.runs.isEmpty)
        #expect(try RunService(workspace).runs().count == 2)
        #expect(try workspace.runStore().touchpoints(from: .distantPast, to: .distantFuture).values.reduce(0, +) == 2)
    }

    @Test("a flow whose document has errors never runs and says why; the other flows run")
    func invalidFlows() async throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Good", type: nil, template: "tag-by-folder")
        try FlowService(workspace).setEnabled("good", true)
        try FlowService(workspace).create(name: "Broken", type: nil, template: "tag-by-folder")
        try FlowService(workspace).setEnabled("broken", true)
        try test.write("flows/broken/flow.json", try test.read("flows/broken/flow.json").replacingOccurrences(of: "\"add\"", with: "\"sprinkle\""))
        let report = try await RunService(workspace).upload(files: [sample("red-bag.jpg")], options: options(folder: "products"))
        #expect(report.runs.map(\.flowName) == ["Good"])
        #expect(
            report.skipped.count == 1 && report.skipped[0].contains("flows/broken/flow.json")
                && report.skipped[0].contains("/blocks/1/config/operation"))
        await #expect(throws: WorkspaceError.self) { _ = try await RunService(workspace).run("broken", assets: ["products/red-bag"]) }
    }

    @Test("sluice run on named assets records logs; an unfinished run resumes from where it stopped")
    func runAndResume() async throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Tag products", type: nil, template: "tag-by-folder")
        _ = try await RunService(workspace).upload(files: [sample("red-bag.jpg")], options: options(folder: "products"))
        let runs = try await RunService(workspace).run("tag-products", assets: ["products/red-bag"], data: ["note": "by hand"])
        #expect(runs.count == 1 && runs[0].status == .succeeded && runs[0].trigger["data"]?["note"] == "by hand")
        let log = try RunService(workspace).log(flow: "tag-products", run: nil)
        let (run, steps) = (log.run, log.steps)
        #expect(run.id == runs[0].id && steps.map(\.blockID) == ["upload", "tag"])
        await #expect(throws: WorkspaceError.self) { _ = try await RunService(workspace).run("tag-products", assets: ["products/nope"]) }

        // A crash after the trigger: the run is still `running` with one step; resume runs only the rest.
        let store = try workspace.runStore()
        let crashed = RunRecord(
            id: "run_crashed", flowID: run.flowID, flowName: run.flowName, flowPath: run.flowPath, triggerType: run.triggerType, trigger: run.trigger,
            status: .running, startedAt: Date(), finishedAt: nil, failedBlock: nil, error: nil)
        try store.insert(crashed, owner: RunOwner(pid: Int32.max, started: nil))
        var first = steps[0]
        first.runID = crashed.id
        try store.save(first)
        let resumed = try await RunService(workspace).resume()
        #expect(resumed.map(\.id) == ["run_crashed"] && resumed[0].status == .succeeded)
        #expect(try store.steps(of: "run_crashed").map(\.blockID) == ["upload", "tag"])
        #expect(try await RunService(workspace).resume().isEmpty)
    }
}
