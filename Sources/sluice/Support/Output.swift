import Foundation
import SluiceJSON

/// Printing: plain lines, aligned tables, canonical JSON, and one-line errors on stderr.
enum Output {
    /// Prints one line. Whatever it quotes (a server's reply in a run's error, a hand-edited description, a tag), a
    /// character that could move the cursor, retitle the terminal, reorder or hide text is shown escaped (`\u{1B}`).
    static func line(_ text: String = "") { print(text.isPlainlyShown ? text : text.shown(limit: Int.max)) }

    /// Prints a Codable value as canonical JSON.
    static func json<T: Encodable>(_ value: T) throws {
        FileHandle.standardOutput.write(Data(try JSONValueEncoder().encode(value).canonicalBytes()))
    }

    /// Prints rows as columns separated by two spaces; a cell's hidden characters are escaped and a long cell is
    /// shortened, so a hand-edited name cannot break the table or the terminal.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows.map { $0.map { $0.shown(limit: 80) } }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }

    /// Writes to standard error.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data(((text.isPlainlyShown ? text : text.shown(limit: Int.max)) + "\n").utf8))
    }

    /// Prints `sluice: error: message` on stderr, on one line whatever the message quotes, and exits.
    static func fail(_ message: String, code: Int32 = 1) -> Never {
        note("sluice: error: \(message.shown(limit: 2_000))")
        exit(code)
    }
}
