import Foundation

/// The `--json` form of a benchmark's report: pretty-printed, keys sorted.
public enum ReportJSON {
    public static func text<Report: Encodable>(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
