extension JSONByteParser {
    // MARK: - Strings

    /// Parses the string whose opening quote is at `position`.
    mutating func parseString() throws(JSONParseFailure) -> String {
        let open = position
        position += 1
        let start = position
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(open: open, start: start)
            }
            if byte < 0x20 { throw controlCharacterFailure(byte, open: open) }
            if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw failure("unterminated string", at: open)
    }

    /// Continues a string at its first backslash, decoding into `scratch`.
    private mutating func parseEscapedString(open: Int, start: Int) throws(JSONParseFailure) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try appendEscape(open: open)
            } else if byte < 0x20 {
                throw controlCharacterFailure(byte, open: open)
            } else if byte < 0x80 {
                scratch.append(byte)
                position += 1
            } else {
                let sequenceStart = position
                try skipUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[sequenceStart..<position]))
            }
        }
        throw failure("unterminated string", at: open)
    }

    /// Decodes the escape sequence at `position` (a backslash) and appends its UTF-8.
    private mutating func appendEscape(open: Int) throws(JSONParseFailure) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw failure("unterminated string", at: open) }
        let code = bytes[position]
        position += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(code)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try unicodeEscape(escapeStart: escapeStart)
            appendUTF8(scalar)
        default:
            position = escapeStart
            let shown = code >= 0x21 && code <= 0x7E ? String(Character(Unicode.Scalar(code))) : Self.scalarName(UInt32(code))
            throw failure("invalid escape sequence '\\\(shown)'")
        }
    }

    /// Reads the 4 hex digits after `\u` (and a following low surrogate escape when needed).
    private mutating func unicodeEscape(escapeStart: Int) throws(JSONParseFailure) -> UInt32 {
        guard let first = hex4(at: position) else {
            throw failure("invalid unicode escape '\(escapeText(from: escapeStart))'", at: escapeStart)
        }
        position += 4
        switch first {
        case 0xD800...0xDBFF:
            guard position + 1 < bytes.count,
                bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
                let second = hex4(at: position + 2), (0xDC00...0xDFFF).contains(second)
            else {
                throw failure("unpaired surrogate '\(escapeText(from: escapeStart))' in string", at: escapeStart)
            }
            position += 6
            return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        case 0xDC00...0xDFFF:
            throw failure("unpaired surrogate '\(escapeText(from: escapeStart))' in string", at: escapeStart)
        default:
            return first
        }
    }

    private func hex4(at offset: Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for index in offset..<(offset + 4) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The escape as written, `\u` plus up to 4 following printable ASCII characters.
    private func escapeText(from start: Int) -> String {
        var end = start + 2
        while end < bytes.count, end < start + 6, bytes[end] >= 0x21, bytes[end] <= 0x7E,
            bytes[end] != UInt8(ascii: "\"")
        {
            end += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(end, bytes.count)]), as: UTF8.self)
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `position` and moves past it.
    private mutating func skipUTF8Sequence() throws(JSONParseFailure) {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw failure("invalid UTF-8 byte \(Self.hex(lead)) in string")
        }
        guard position + length <= bytes.count else {
            throw failure("invalid UTF-8 byte \(Self.hex(lead)) in string")
        }
        guard secondRange.contains(bytes[position + 1]) else {
            throw failure("invalid UTF-8 byte \(Self.hex(bytes[position + 1])) in string", at: position + 1)
        }
        for index in (position + 2)..<(position + length) where bytes[index] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8 byte \(Self.hex(bytes[index])) in string", at: index)
        }
        position += length
    }

    private func controlCharacterFailure(_ byte: UInt8, open: Int) -> JSONParseFailure {
        if byte == 0x0A || byte == 0x0D {
            return failure("unterminated string", at: open)
        }
        return failure("unescaped control character \(Self.scalarName(UInt32(byte))) in string")
    }

    // MARK: - Numbers

    /// Parses the number starting at `position` (a '-' or a digit).
    mutating func parseNumber() throws(JSONParseFailure) -> JSONNumber {
        let start = position
        let count = bytes.count
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
            guard position < count, Self.isDigit(bytes[position]) else {
                throw failure("expected digit after '-'")
            }
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < count, Self.isDigit(bytes[position]) {
                throw failure("leading zeros are not allowed in numbers", at: start)
            }
        } else {
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < count, Self.isDigit(bytes[position]) else { throw failure("expected digit after '.'") }
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
        }
        if position < count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < count, Self.isDigit(bytes[position]) else { throw failure("expected digit in exponent") }
            while position < count, Self.isDigit(bytes[position]) { position += 1 }
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(uncheckedLiteral: literal)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
