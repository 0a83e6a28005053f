import BenchmarkSupport
import Foundation
import SluiceJSON
import Synchronization

/// The figures of one benchmark run.
struct MediaReport: Codable {
    var date: String
    var machine: MachineFigures
    var images: Int
    var width: Int
    var height: Int
    var inputMegabytes: Double
    var repeats: Int
    var sluiceSeconds: Double
    var vipsthumbnailSeconds: Double
    /// Sluice time over vipsthumbnail time: the median of the rounds' ratios (each round times both sides back to
    /// back, so a machine that drifts between rounds moves both).
    var ratio: Double
    var roundRatios: [Double]
    var sluicePeakRSSBytes: Int64
    /// The largest of the vipsthumbnail processes, and all of them together.
    var vipsthumbnailPeakRSSBytes: Int64
    var vipsthumbnailPeakRSSBytesTogether: Int64
    var vipsthumbnailProcesses: Int
    var uploadSeconds: Double

    func json() throws -> String { try ReportJSON.text(self) }

    func table() -> String {
        func megabytes(_ bytes: Int64) -> String { String(format: "%.0f MB", Double(bytes) / 1_000_000) }
        let rows = [
            [
                "sluice run: Edit Media c_fill,w_400,h_300", Timing.format(seconds: sluiceSeconds),
                String(format: "%.1f", Double(images) / sluiceSeconds), megabytes(sluicePeakRSSBytes), String(format: "%.2fx", ratio),
            ],
            [
                "vipsthumbnail --size 400x300 --smartcrop centre", Timing.format(seconds: vipsthumbnailSeconds),
                String(format: "%.1f", Double(images) / vipsthumbnailSeconds),
                "\(megabytes(vipsthumbnailPeakRSSBytes)) each (\(megabytes(vipsthumbnailPeakRSSBytesTogether)) for \(vipsthumbnailProcesses))",
                "1.00x (baseline)",
            ],
        ]
        var lines = [
            String(
                format: "%d JPEGs of %dx%d (%.1f MP, %.0f MB in all), 400x300 fill thumbnails", images, width, height,
                Double(width * height) / 1_000_000, inputMegabytes),
            "machine: \(machine.processors) cores, \(machine.system); \(date); medians of \(repeats) rounds (ratio: median of the rounds' ratios "
                + roundRatios.map { String(format: "%.2f", $0) }.joined(separator: ", ") + ")",
            "",
        ]
        lines += TextTable.lines(header: ["", "time", "images/s", "peak memory", "vs baseline"], rows: rows)
        lines.append("")
        lines.append(String(format: "(not timed above) uploading the %d files into the library: %.1f s", images, uploadSeconds))
        return lines.joined(separator: "\n")
    }
}

/// Times the two sides on the same files.
struct MediaBenchmark {
    var options: MediaBenchmarkOptions
    var tool: CommandLineTool

    /// The one transformation both sides make.
    static let transformation = "c_fill,w_400,h_300"

    func run() throws -> MediaReport {
        guard let vipsthumbnail = Self.executable("vipsthumbnail") else {
            throw BenchmarkFailure("vipsthumbnail is not installed (Debian: apt install libvips-tools)")
        }
        let images = try inputImages()
        let inputBytes = images.reduce(Int64(0)) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0)
        }
        let temporary = (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-media-benchmark-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let environment = IsolatedEnvironment.make(configFolder: temporary + "/config")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var sluiceTimes: [Double] = []
        var baselineTimes: [Double] = []
        var uploadTimes: [Double] = []
        var sluicePeak: Int64 = 0
        var baselinePeak: Int64 = 0
        var baselineTogether: Int64 = 0
        for round in 0..<options.repeats {
            tool.progress("round \(round + 1) of \(options.repeats): vipsthumbnail on \(images.count) files, \(cores) processes")
            let baseline = try runVipsthumbnail(
                vipsthumbnail, images, processes: cores, output: temporary + "/vips-\(round)", environment: environment)
            baselineTimes.append(baseline.seconds)
            baselinePeak = max(baselinePeak, baseline.peak)
            baselineTogether = max(baselineTogether, baseline.together)

            let workspace = temporary + "/workspace-\(round)"
            tool.progress("round \(round + 1): a workspace with the \(images.count) files uploaded and the flow")
            uploadTimes.append(try prepareWorkspace(workspace, images: images, environment: environment, logs: temporary))
            // The upload just wrote the library's copies: they go to disk now, not while the run is timed.
            sync()
            tool.progress("round \(round + 1): sluice run on \(images.count) assets")
            let output = temporary + "/run-\(round).json"
            let result = try ProcessSpawner.run(
                options.sluice, ["run", "thumbs", "--search", "folder:bench", "--json", "-C", workspace], environment: environment,
                standardOutput: output, standardError: temporary + "/run-\(round).err")
            guard result.status == 0 else {
                throw BenchmarkFailure("sluice run exited \(result.status): \(Self.text(temporary + "/run-\(round).err"))")
            }
            let runs = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: output))))
            let succeeded = runs.arrayValue?.filter { $0["status"]?.stringValue == "succeeded" && $0["flowName"] != nil }.count ?? 0
            guard succeeded == images.count else { throw BenchmarkFailure("\(succeeded) of \(images.count) runs succeeded") }
            sluiceTimes.append(result.seconds)
            tool.progress(
                String(
                    format: "round %d: sluice %.2f s, vipsthumbnail %.2f s, %.2fx", round + 1, result.seconds, baseline.seconds,
                    result.seconds / baseline.seconds))
            sluicePeak = max(sluicePeak, result.peakRSSBytes)
        }
        let machine = MachineFigures.current()
        let sluiceSeconds = Timing.median(sluiceTimes)
        let baselineSeconds = Timing.median(baselineTimes)
        return MediaReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: machine, images: images.count, width: options.width,
            height: options.height, inputMegabytes: Double(inputBytes) / 1_000_000, repeats: options.repeats, sluiceSeconds: sluiceSeconds,
            vipsthumbnailSeconds: baselineSeconds, ratio: Timing.median(zip(sluiceTimes, baselineTimes).map { $0 / $1 }),
            roundRatios: zip(sluiceTimes, baselineTimes).map { $0 / $1 }, sluicePeakRSSBytes: sluicePeak,
            vipsthumbnailPeakRSSBytes: baselinePeak, vipsthumbnailPeakRSSBytesTogether: baselineTogether, vipsthumbnailProcesses: cores,
            uploadSeconds: Timing.median(uploadTimes))
    }

    /// The images, drawn first (by a child process, so the drawing's memory is not this process's) when missing.
    private func inputImages() throws -> [String] {
        let folder =
            options.imageFolder
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-media-benchmark/\(options.width)x\(options.height)")
        if let images = ImageSet.complete(folder, count: options.images) { return images }
        tool.progress("drawing \(options.images) images of \(options.width)x\(options.height) into \(folder) (kept for later runs)")
        let log = NSTemporaryDirectory() + "/sluice-media-benchmark-draw.err"
        let result = try ProcessSpawner.run(
            CommandLine.arguments[0],
            ["--generate-into", folder, "--images", "\(options.images)", "--width", "\(options.width)", "--height", "\(options.height)"],
            environment: ProcessInfo.processInfo.environment, standardOutput: "/dev/null", standardError: log)
        guard result.status == 0, let images = ImageSet.complete(folder, count: options.images) else {
            throw BenchmarkFailure("drawing the images failed: \(Self.text(log))")
        }
        return images
    }

    /// vipsthumbnail in `processes` processes at once, the files dealt out between them: wall time, the largest peak
    /// memory of one process and the sum of the peaks.
    private func runVipsthumbnail(_ executable: String, _ images: [String], processes: Int, output: String, environment: [String: String]) throws
        -> (seconds: Double, peak: Int64, together: Int64)
    {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let groups = (0..<processes).map { group in stride(from: group, to: images.count, by: processes).map { images[$0] } }
        let results = Mutex<[Int: Result<SpawnResult, any Error>]>([:])
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: processes) { index in
            let result = Result {
                try ProcessSpawner.run(
                    executable, ["--size", "400x300", "--smartcrop", "centre", "-o", output + "/%s.jpg[Q=80,strip]"] + groups[index],
                    environment: environment, standardOutput: output + "/stdout-\(index)", standardError: output + "/stderr-\(index)")
            }
            results.withLock { $0[index] = result }
        }
        let seconds = (ContinuousClock.now - start).seconds
        var peaks: [Int64] = []
        for index in 0..<processes {
            let result = try results.withLock { $0[index] }!.get()
            guard result.status == 0 else {
                throw BenchmarkFailure("vipsthumbnail exited \(result.status): \(Self.text(output + "/stderr-\(index)"))")
            }
            peaks.append(result.peakRSSBytes)
        }
        let made = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".jpg") }.count
        guard made == images.count else { throw BenchmarkFailure("vipsthumbnail made \(made) of \(images.count) thumbnails") }
        return (seconds, peaks.max() ?? 0, peaks.reduce(0, +))
    }

    /// A workspace with the images uploaded into folder `bench` and the flow committed; the upload's time.
    private func prepareWorkspace(_ root: String, images: [String], environment: [String: String], logs: String) throws -> Double {
        func sluice(_ arguments: [String]) throws -> SpawnResult {
            let result = try ProcessSpawner.run(
                options.sluice, arguments, environment: environment, standardOutput: logs + "/prepare.out", standardError: logs + "/prepare.err")
            guard result.status == 0 else {
                throw BenchmarkFailure(
                    "sluice \(arguments.prefix(2).joined(separator: " ")) exited \(result.status): \(Self.text(logs + "/prepare.err"))")
            }
            return result
        }
        _ = try sluice(["init", root])
        let upload = try sluice(["upload"] + images + ["--folder", "bench", "-C", root])
        _ = try sluice(["flows", "new", "Thumbs", "--power", "-C", root])
        let path = root + "/flows/thumbs/flow.json"
        guard case .object(var flow) = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) else {
            throw BenchmarkFailure("\(path) is not a JSON object")
        }
        flow["blocks"] = [
            ["id": "trigger", "type": "manual", "name": "Manual trigger", "config": [:], "next": ["thumbnail"]],
            [
                "id": "thumbnail", "type": "edit-media", "name": "Thumbnail",
                "config": ["asset": "{{trigger.asset.publicId}}", "transformation": .string(Self.transformation)],
            ],
        ]
        try Data(JSONValue.object(flow).canonicalText().utf8).write(to: URL(fileURLWithPath: path))
        _ = try sluice(["commit", "-m", "Thumbnails", "-C", root])
        return upload.seconds
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func text(_ path: String) -> String {
        String((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines).suffix(500).description
    }
}
