import Foundation
import Logging
import SluiceJSON
import Synchronization

/// swift-log's records as one JSON object a line on standard error (`sluice serve --log-format json`), for a log
/// collector: `time` (ISO 8601, UTC), `level`, `logger`, `message`, the metadata's keys, and `source` at debug and trace.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler for the logger `label`, writing at `level` and above to standard error (or to `write`, in tests).
    public init(label: String, level: Logger.Level = .info, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var record: JSONObject = [
            "time": .string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))), "level": .string(event.level.rawValue),
            "logger": .string(label), "message": .string(event.message.description),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) where record[key] == nil {
            record[key] = Self.json(value)
        }
        if let error = event.error, record["error"] == nil { record["error"] = .string("\(error)") }
        if event.level <= .debug { record["source"] = .string("\(event.file):\(event.line)") }
        write(JSONValue.object(record).compactText() + "\n")
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let members): .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }

    private static let standardErrorLock = Mutex(())

    /// Writes a whole line to standard error at once (lines from many threads never interleave).
    @Sendable public static func standardError(_ line: String) {
        standardErrorLock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}

extension SluiceServer {
    /// How the server's log lines look.
    public enum LogFormat: String, Sendable, CaseIterable {
        /// swift-log's default: a line of text each.
        case text
        /// One JSON object a line (``JSONLogHandler``).
        case json
    }

    /// Sets, once per process before the server starts, how log records are written and from which level (`trace`,
    /// `debug`, `info`, `notice`, `warning`, `error`, `critical`).
    public static func bootstrapLogging(format: LogFormat, level: String) throws(StartError) {
        guard let level = Logger.Level(rawValue: level) else {
            throw StartError(
                description: "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")); got \"\(level)\"")
        }
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json: LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        }
    }
}
