import Foundation

/// A fixed-width text table: every column but the last padded to its widest cell, columns two spaces apart.
public enum TextTable {
    /// The lines of the table, `header` first, then `rows`; each row has as many cells as `header`.
    public static func lines(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            return cells.joined(separator: "  ")
        }
    }
}
