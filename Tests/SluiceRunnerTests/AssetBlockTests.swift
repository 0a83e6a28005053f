import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import Testing

@testable import SluiceRunner

/// The asset blocks not already covered by the runner tests, each against a real library.
@Suite("Asset blocks")
struct AssetBlockTests {
    @Test("move, rename, relate and contextual metadata change the catalog; names that leave their folder are refused")
    func moveRenameRelate() async throws {
        let fixture = try RunnerFixture()
        let flow = RunnerFixture.flow([
            block("move", "move-to-folder", ["asset": "{{trigger.asset.publicId}}", "folder": "archive/2026"], next: ["rename"]),
            block("rename", "change-public-id", ["asset": "{{blocks.move.output.publicId}}", "publicId": "archive/bag"], next: ["relate"]),
            block("relate", "relate-assets", ["asset": "{{blocks.rename.output.publicId}}", "related": ["products/logo"]], next: ["context"]),
            block("context", "update-contextual-metadata", ["asset": "archive/bag", "operation": "set", "values": ["alt": "A red bag", "rank": 1]]),
        ])
        let run = try await fixture.run(flow)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let bag = try fixture.library.asset("archive/bag")
        #expect(bag.folder == "archive" && bag.related == ["products/logo"] && bag.context == ["alt": "A red bag", "rank": "1"])
        #expect(throws: MediaError.notFound("products/red-bag")) { _ = try fixture.library.asset("products/red-bag") }

        let escape = try await fixture.run(
            RunnerFixture.flow([block("move", "move-to-folder", ["asset": "{{trigger.asset.publicId}}", "folder": "../outside"])]),
            asset: "products/logo")
        #expect(escape.status == .failed && escape.error == "folder \"../outside\": \"..\" would leave its folder")
        let taken = try await fixture.run(
            RunnerFixture.flow([block("rename", "change-public-id", ["asset": "{{trigger.asset.publicId}}", "publicId": "archive/bag"])]),
            asset: "products/logo")
        #expect(taken.error?.hasPrefix("an asset \"archive/bag\" exists already") == true)
    }

    @Test("Export Metadata to CSV writes one quoted row per matching asset into the export folder")
    func exportCSV() async throws {
        let fixture = try RunnerFixture()
        try fixture.library.update("products/red-bag") { $0.metadata["sku"] = "B-17, large" }
        let flow = RunnerFixture.flow([
            block(
                "export", "export-metadata-csv",
                ["expression": "folder:products", "fields": ["public_id", "width", "tags", "metadata.sku"], "fileName": "products.csv"])
        ])
        let run = try await fixture.run(flow)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let text = try String(contentsOfFile: fixture.directory.child("exports/products.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "public_id,width,tags,metadata.sku" && lines.count == 4)
        #expect(lines.contains("products/red-bag,240,product,\"B-17, large\""))
        let bad = try await fixture.run(
            RunnerFixture.flow([
                block("export", "export-metadata-csv", ["expression": "tags:x", "fields": ["public_id"], "fileName": "../escape.csv"])
            ]))
        #expect(bad.error == "config/fileName \"../escape.csv\" must be a plain file name")
    }

    @Test("Trigger Another Flow runs the other flow with the asset and data, and waits for it when asked")
    func callFlow() async throws {
        let fixture = try RunnerFixture()
        let called = RunnerFixture.flow([
            block("tag", "update-tags", ["asset": "{{trigger.asset.publicId}}", "operation": "add", "tags": ["{{trigger.data.label}}"]])
        ])
        let directory = Directory(flows: [
            "flw_called": CallableFlow(flow: called, inputs: .init(trigger: .null, triggerType: BlockTypeID.flowCalled))
        ])
        let services = BlockServices(library: fixture.library, exportFolder: fixture.directory.child("exports"), flows: directory)
        let runner = FlowRunner(store: fixture.store, services: services)
        let caller = RunnerFixture.flow([
            block(
                "call", BlockTypeID.callFlow,
                ["flow": "flw_called", "asset": "{{trigger.asset.publicId}}", "data": ["label": "from-caller"], "wait": true])
        ])
        let run = try await runner.run(
            caller, .init(trigger: ["asset": try fixture.library.asset("products/logo").jsonValue], triggerType: "manual"))
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let tags = try fixture.library.asset("products/logo").tags
        #expect(directory.asked == ["flw_called"] && tags == ["from-caller", "product"])
        let calledRuns = try fixture.store.runs().filter { $0.triggerType == BlockTypeID.flowCalled }
        #expect(calledRuns.count == 1 && calledRuns.first?.status == .succeeded)
    }
}

/// A flow directory over a fixed set of flows that remembers which ones were asked for.
final class Directory: FlowDirectory, @unchecked Sendable {
    private let flows: [String: CallableFlow]
    private let lock = NSLock()
    private var stored: [String] = []

    init(flows: [String: CallableFlow]) { self.flows = flows }

    func callableFlow(_ id: String) -> CallableFlow? {
        lock.withLock { stored.append(id) }
        return flows[id]
    }

    var asked: [String] { lock.withLock { stored } }
}
