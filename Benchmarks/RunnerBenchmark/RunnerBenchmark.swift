import BenchmarkSupport
import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

/// The figures of one benchmark run.
struct RunnerReport: Codable {
    var date: String
    var machine: MachineFigures
    var assets: Int
    var blocksPerRun: Int
    var runnerSeconds: Double
    var baselineSeconds: Double
    var runnerAssetsPerSecond: Double
    var baselineAssetsPerSecond: Double
    /// Runner time over baseline time.
    var ratio: Double
    var memoryAssets: Int
    var memorySeconds: Double
    var peakRSSBytes: Int64
    var stepSaves: Int
    var microsecondsPerStepSave: Double

    func json() throws -> String { try ReportJSON.text(self) }

    func table() -> String {
        let rows = [
            [
                "runner: upload + 4-block flow, every block persisted", Timing.format(seconds: runnerSeconds),
                String(format: "%.0f", runnerAssetsPerSecond), String(format: "%.2fx", ratio),
            ],
            [
                "baseline: upload + the same catalog changes directly", Timing.format(seconds: baselineSeconds),
                String(format: "%.0f", baselineAssetsPerSecond), "1.00x (baseline)",
            ],
        ]
        var lines = [
            "\(assets) distinct files, \(blocksPerRun) blocks per run after the trigger",
            "machine: \(machine.processors) cores, \(machine.system); \(date)",
            "",
        ]
        lines += TextTable.lines(header: ["", "time", "assets/s", "vs baseline"], rows: rows)
        lines.append("")
        lines.append(
            String(
                format: "memory: %d runs on %d assets in %.1f s; peak RSS of the process %.1f MB", memoryAssets, memoryAssets, memorySeconds,
                Double(peakRSSBytes) / 1_000_000))
        lines.append(String(format: "persisting a block's state: %.1f µs per step (%d steps saved one by one)", microsecondsPerStepSave, stepSaves))
        return lines.joined(separator: "\n")
    }
}

/// Builds libraries in a temporary folder and times the runner against direct catalog changes.
struct RunnerBenchmark {
    var folder: String
    var assets: Int
    var memoryAssets: Int

    /// The four-block metadata flow.
    static func flow() -> RunnableFlow {
        func block(_ id: String, _ type: String, _ config: JSONValue, next: String?) -> Block {
            var block = Block(id: id, type: type, name: id, config: config)
            block.next = next.map { [$0] }
            return block
        }
        var flow = Flow(name: "Metadata", type: .power, id: "flw_benchmark")
        let asset: JSONValue = "{{trigger.asset.publicId}}"
        flow.blocks = [
            block("start", BlockTypeID.manual, [:], next: "tag"),
            block("tag", "update-tags", ["asset": asset, "operation": "add", "tags": ["catalogued", "{{trigger.asset.format}}"]], next: "meta"),
            block(
                "meta", "update-structured-metadata", ["asset": asset, "values": ["width": "{{trigger.asset.width}}", "batch": "benchmark"]],
                next: "context"),
            block("context", "update-contextual-metadata", ["asset": asset, "values": ["alt": "Asset {{trigger.asset.publicId}}"]], next: "url"),
            block("url", "create-asset-url", ["asset": asset, "transformation": "c_fill,w_400"], next: nil),
        ]
        return RunnableFlow(flow, path: "flows/metadata/flow.json")
    }

    /// Distinct small PNG files: the sample's header (so the probe reads a real size) and a unique tail.
    func makeFiles(_ count: Int) throws -> [String] {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let png = try Data(contentsOf: fixtures.appendingPathComponent("Fixtures/media/logo.png"))
        let directory = folder + "/files"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try (0..<count).map { index in
            let path = directory + "/asset-\(index).png"
            try (png + Data("unique-\(index)".utf8)).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    func run() async throws -> RunnerReport {
        let flow = Self.flow()
        tool.progress("writing \(assets) files")
        let files = try makeFiles(assets)
        let clock = ContinuousClock()

        tool.progress("baseline: uploads with direct catalog changes")
        let direct = try MediaLibrary(root: folder + "/direct")
        let baselineStart = clock.now
        for file in files {
            let asset = try direct.upload(file: file)
            try direct.update(asset.publicID) { $0.tags += ["catalogued", asset.format] }
            try direct.update(asset.publicID) {
                $0.metadata["width"] = asset.width.map { .number(JSONNumber($0)) } ?? .null
                $0.metadata["batch"] = "benchmark"
            }
            try direct.update(asset.publicID) { $0.context["alt"] = "Asset \(asset.publicID)" }
            _ = "https://media.sluice.invalid/image/upload/c_fill,w_400/\(asset.publicID).\(asset.format)"
        }
        let baseline = (clock.now - baselineStart).seconds

        tool.progress("runner: uploads, each running the flow")
        let library = try MediaLibrary(root: folder + "/runner")
        let store = try RunStore(path: folder + "/runs.sqlite")
        let runner = FlowRunner(store: store, services: BlockServices(library: library, exportFolder: folder + "/exports"))
        let runnerStart = clock.now
        for file in files {
            let asset = try library.upload(file: file)
            let run = try await runner.run(
                flow, .init(trigger: ["asset": asset.jsonValue, "data": [:]], triggerType: "manual", touchpoints: [asset.publicID]))
            guard run.status == .succeeded else { throw BenchmarkFailure("run \(run.id) failed at \(run.failedBlock ?? "?"): \(run.error ?? "")") }
        }
        let runnerSeconds = (clock.now - runnerStart).seconds
        try check(library, direct, files.count)

        tool.progress("memory: \(memoryAssets) runs")
        let memoryLibrary = try MediaLibrary(root: folder + "/memory")
        let memoryRunner = FlowRunner(
            store: try RunStore(path: folder + "/memory-runs.sqlite"),
            services: BlockServices(library: memoryLibrary, exportFolder: folder + "/exports"))
        var options = MediaLibrary.UploadOptions()
        let memoryStart = clock.now
        for index in 0..<memoryAssets {
            options.publicID = "memory/asset-\(index)"
            let asset = try memoryLibrary.upload(file: files[index % files.count], options: options)
            let run = try await memoryRunner.run(flow, .init(trigger: ["asset": asset.jsonValue, "data": [:]], triggerType: "manual"))
            guard run.status == .succeeded else { throw BenchmarkFailure("run \(run.id) failed: \(run.error ?? "")") }
            if index % 10_000 == 9_999 { tool.progress("memory: \(index + 1) runs, peak RSS \(ProcessSpawner.ownPeakRSSBytes() / 1_000_000) MB") }
        }
        let memorySeconds = (clock.now - memoryStart).seconds

        tool.progress("persisting block states")
        let saveStore = try RunStore(path: folder + "/saves.sqlite")
        let runRecord = RunRecord(
            id: "run_saves", flowID: flow.id, flowName: flow.name, flowPath: flow.path, triggerType: "manual", trigger: [:], status: .running,
            startedAt: Date(), finishedAt: nil, failedBlock: nil, error: nil)
        try saveStore.insert(runRecord)
        let saves = 10_000
        let saveStart = clock.now
        for index in 0..<saves {
            try saveStore.save(
                StepRecord(
                    runID: runRecord.id, scope: "", blockID: "block-\(index)", blockType: "update-tags", status: .succeeded, ports: ["next"],
                    inputs: ["asset": "a", "tags": ["x"]], output: ["publicId": "a", "tags": ["x"]], error: nil, attempts: 1, startedAt: Date(),
                    finishedAt: Date(), sequence: index))
        }
        let saveSeconds = (clock.now - saveStart).seconds

        return RunnerReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: .current(), assets: assets, blocksPerRun: flow.blocks.count - 1,
            runnerSeconds: runnerSeconds, baselineSeconds: baseline, runnerAssetsPerSecond: Double(assets) / runnerSeconds,
            baselineAssetsPerSecond: Double(assets) / baseline, ratio: runnerSeconds / baseline, memoryAssets: memoryAssets,
            memorySeconds: memorySeconds, peakRSSBytes: ProcessSpawner.ownPeakRSSBytes(), stepSaves: saves,
            microsecondsPerStepSave: saveSeconds / Double(saves) * 1_000_000)
    }

    /// Both libraries must hold the same assets with the same tags and metadata, or the comparison means nothing.
    func check(_ runner: MediaLibrary, _ direct: MediaLibrary, _ count: Int) throws {
        let ran = try runner.search("tags:catalogued")
        let made = try direct.search("tags:catalogued")
        guard ran.count == count, made.count == count else {
            throw BenchmarkFailure("expected \(count) catalogued assets in both libraries, found \(ran.count) (runner) and \(made.count) (direct)")
        }
        for (one, other) in zip(ran.sorted { $0.publicID < $1.publicID }, made.sorted { $0.publicID < $1.publicID }).prefix(100) {
            guard one.tags == other.tags, one.metadata == other.metadata, one.context == other.context else {
                throw BenchmarkFailure("\(one.publicID): the runner and the direct changes differ")
            }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
