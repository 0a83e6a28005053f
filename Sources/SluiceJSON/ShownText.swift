/// Text from documents, names or other input as it is safe to show on one line of a terminal or a log.
extension String {
    /// The text with every character that could break a line, move the cursor, reorder the text or hide itself
    /// (control characters, bidirectional overrides and isolates, zero-width characters, a byte-order mark) written
    /// as `\u{…}`, and, past `limit` characters, its middle replaced by `…`.
    public func shown(limit: Int = 200) -> String {
        var escaped = ""
        var needed = false
        for scalar in unicodeScalars {
            if Self.isHidden(scalar) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                needed = true
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        let text = needed ? escaped : self
        guard text.count > limit, limit >= 10 else { return text }
        let tail = limit / 4
        return String(text.prefix(limit - tail - 1)) + "…" + String(text.suffix(tail))
    }

    /// Whether the text holds nothing `shown` would escape.
    public var isPlainlyShown: Bool { !unicodeScalars.contains(where: Self.isHidden) }

    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: true
        default: false
        }
    }
}
