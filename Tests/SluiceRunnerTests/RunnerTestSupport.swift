import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceTestSupport

@testable import SluiceRunner

/// A media library with the sample images, a run store and a runner, in a temporary folder.
final class RunnerFixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    let library: MediaLibrary
    let store: RunStore
    let runner: FlowRunner

    init(samples: [String] = ["red-bag.jpg", "blue-shoe.webp", "logo.png"]) throws {
        directory = try TemporaryDirectory()
        library = try MediaLibrary(root: directory.child("media"))
        for name in samples {
            var options = MediaLibrary.UploadOptions()
            options.folder = "products"
            options.tags = ["product"]
            _ = try library.upload(file: TestEnvironment.fixtures + "/media/" + name, options: options)
        }
        store = try RunStore(path: directory.child("runs.sqlite"))
        runner = FlowRunner(store: store, services: BlockServices(library: library, exportFolder: directory.child("exports")), defaultTimeout: 30)
    }

    /// A power flow with a manual trigger leading to `blocks[0]`, then the blocks as given (their ports as set).
    static func flow(_ blocks: [Block], variables: [String: JSONValue] = [:]) -> RunnableFlow {
        var trigger = Block(id: "start", type: BlockTypeID.manual, name: "Start")
        trigger.next = blocks.first.map { [$0.id] }
        var flow = Flow(name: "Test flow", type: .power, id: "flw_test")
        flow.blocks = [trigger] + blocks
        flow.variables = variables
        return RunnableFlow(flow, path: "flows/test-flow/flow.json")
    }

    /// A run of `flow` on `asset` (the trigger payload is the asset's record).
    func run(_ flow: RunnableFlow, asset: String? = "products/red-bag", secrets: [String: String] = [:], environment: [String: JSONValue] = [:])
        async throws -> RunRecord
    {
        var trigger: JSONObject = ["data": .object(JSONObject())]
        if let asset { trigger["asset"] = try library.asset(asset).jsonValue }
        return try await runner.run(
            flow,
            FlowRunner.Inputs(
                trigger: .object(trigger), triggerType: "manual", environment: environment, secrets: secrets, touchpoints: asset.map { [$0] } ?? []))
    }

    func steps(_ run: RunRecord) throws -> [String: StepRecord] {
        Dictionary(try store.steps(of: run.id).map { ("\($0.scope)\($0.blockID)", $0) }, uniquingKeysWith: { _, last in last })
    }
}

/// A block with config, chained to `next`.
func block(_ id: String, _ type: String, _ config: JSONValue = [:], next: [String] = []) -> Block {
    var block = Block(id: id, type: type, name: id, config: config)
    block.next = next.isEmpty ? nil : next
    return block
}
