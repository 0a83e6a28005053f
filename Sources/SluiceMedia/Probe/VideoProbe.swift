import Foundation
import SluiceDocuments
import SluiceJSON

/// Video facts and poster frames through FFmpeg's programs (`ffprobe`, `ffmpeg`), run with local files only.
enum VideoProbe {
    /// The most time a probe or a frame grab may take.
    static let timeLimit: TimeInterval = 60

    /// Width, height and facts (`duration` in seconds, `frameRate`, `videoCodec`, `audioCodec`) of the video at `path`;
    /// nil when FFmpeg is not installed (the upload keeps what the header said). A file FFmpeg cannot read is refused.
    static func info(of path: String, shown: String, format: String) throws(MediaError) -> MediaInfo? {
        guard let ffprobe = executable("ffprobe") else { return nil }
        let output = try run(
            ffprobe, ["-v", "error", "-protocol_whitelist", "file", "-print_format", "json", "-show_format", "-show_streams", "file:" + path],
            shown: shown)
        guard case .object(let root)? = try? JSONParser.parse(output) else {
            throw .corrupt(path: shown, reason: "ffprobe gave no description of the video")
        }
        let streams = root["streams"]?.arrayValue ?? []
        guard let video = streams.first(where: { $0["codec_type"]?.stringValue == "video" }) else {
            throw .corrupt(path: shown, reason: "no video stream")
        }
        var info = MediaInfo(
            resourceType: .video, format: format, width: video["width"]?.intValue, height: video["height"]?.intValue)
        if let duration = root["format"]?["duration"]?.stringValue.flatMap(Double.init), duration.isFinite, duration >= 0 {
            info.facts["duration"] = .number(JSONNumber((duration * 1000).rounded() / 1000))
        }
        if let rate = video["avg_frame_rate"]?.stringValue ?? video["r_frame_rate"]?.stringValue, let frames = fraction(rate) {
            info.facts["frameRate"] = .number(JSONNumber((frames * 100).rounded() / 100))
        }
        if let codec = video["codec_name"]?.stringValue { info.facts["videoCodec"] = .string(codec) }
        if let audio = streams.first(where: { $0["codec_type"]?.stringValue == "audio" })?["codec_name"]?.stringValue {
            info.facts["audioCodec"] = .string(audio)
        }
        return info
    }

    /// A PNG of the frame at `seconds` (the first frame of a shorter video).
    static func posterFrame(of path: String, shown: String, at seconds: Double) throws(MediaError) -> Data {
        guard let ffmpeg = executable("ffmpeg") else {
            throw .notDerivable(publicID: shown, reason: "a video's poster frame needs FFmpeg (apt install ffmpeg)")
        }
        var arguments = ["-v", "error", "-nostdin", "-protocol_whitelist", "file"]
        if seconds > 0 { arguments += ["-ss", String(format: "%.3f", seconds)] }
        arguments += ["-i", "file:" + path, "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "pipe:1"]
        let frame = try run(ffmpeg, arguments, shown: shown)
        guard !frame.isEmpty else { throw .corrupt(path: shown, reason: "ffmpeg found no frame to take a poster from") }
        return frame
    }

    /// `30000/1001` as a number.
    static func fraction(_ text: String) -> Double? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let top = Double(parts[0]), let bottom = Double(parts[1]), bottom > 0, top > 0 else { return nil }
        return top / bottom
    }

    /// The program on PATH.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program and returns what it wrote; its last error line becomes the reason when it fails.
    private static func run(_ executable: String, _ arguments: [String], shown: String) throws(MediaError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .unreadable(path: shown, reason: "cannot start \(executable): \(PlainError.sentence(error))") }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: timer)
        // Both pipes are read to the end at once: a program filling one while the other is waited on would block.
        nonisolated(unsafe) var errorText = Data()
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) { errorText = errors.fileHandleForReading.readDataToEndOfFile() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        reader.wait()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let line = String(decoding: errorText, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? "failed"
            let reason =
                process.terminationReason == .uncaughtSignal
                ? "took longer than \(Int(timeLimit)) s"
                : line.replacingOccurrences(of: path(in: arguments) + ": ", with: "").replacingOccurrences(of: path(in: arguments), with: "the file")
            throw .corrupt(path: shown, reason: "FFmpeg cannot read it: \(reason.shown(limit: 200))")
        }
        return data
    }

    /// The `file:` argument, so errors do not repeat the library's temporary path.
    private static func path(in arguments: [String]) -> String {
        arguments.first { $0.hasPrefix("file:") } ?? "\u{0}"
    }
}
