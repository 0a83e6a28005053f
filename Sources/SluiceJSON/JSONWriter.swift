/// Writes `JSONValue`s as canonical (pretty, stable) or compact UTF-8 text.
struct JSONWriter {
    private(set) var output: [UInt8] = []

    /// Writes `value` in canonical form: 2-space indent, `"key": value`, one member or element
    /// per line, `{}`/`[]` inline when empty, keys in stored order, no trailing newline.
    mutating func writeCanonical(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                writeCanonical(element, indent: indent + 1)
            }
            newline(indent: indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
                return
            }
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(indent: indent + 1)
                writeString(key)
                output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writeCanonical(member, indent: indent + 1)
            }
            newline(indent: indent)
            output.append(UInt8(ascii: "}"))
        default:
            writeScalar(value)
        }
    }

    /// Writes `value` on one line without any whitespace.
    mutating func writeCompact(_ value: JSONValue) {
        switch value {
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeCompact(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                writeString(key)
                output.append(UInt8(ascii: ":"))
                writeCompact(member)
            }
            output.append(UInt8(ascii: "}"))
        default:
            writeScalar(value)
        }
    }

    mutating func appendNewline() {
        output.append(0x0A)
    }

    mutating func reserveCapacity(_ capacity: Int) {
        output.reserveCapacity(capacity)
    }

    private mutating func newline(indent: Int) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private mutating func writeScalar(_ value: JSONValue) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(true): output.append(contentsOf: "true".utf8)
        case .bool(false): output.append(contentsOf: "false".utf8)
        case .number(let number): output.append(contentsOf: number.literal.utf8)
        case .string(let string): writeString(string)
        case .array, .object: writeCompact(value)
        }
    }

    /// Writes a quoted string, escaping `"`, `\` and U+0000–U+001F only.
    private mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                runStart = index + 1
                appendEscape(for: byte)
            }
            if runStart < utf8.count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private mutating func appendEscape(for byte: UInt8) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            output.append(Self.hexDigit(byte >> 4))
            output.append(Self.hexDigit(byte & 0x0F))
        }
    }
}

extension JSONValue {
    /// The canonical text: UTF-8, LF line endings, 2-space indent, `"key": value`, keys in
    /// stored order, one element or member per line, `{}`/`[]` when empty, and exactly one
    /// trailing newline. Only `"`, `\` and control characters U+0000–U+001F are escaped
    /// (as `\n` `\t` `\r` `\b` `\f` or lowercase `\u00xx`); everything else is written literally.
    public func canonicalText() -> String {
        String(decoding: canonicalBytes(), as: UTF8.self)
    }

    /// The canonical text as UTF-8 bytes (see `canonicalText()`).
    public func canonicalBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.reserveCapacity(4096)
        writer.writeCanonical(self)
        writer.appendNewline()
        return writer.output
    }

    /// The value on a single line without whitespace or trailing newline, for messages and logs.
    public func compactText() -> String {
        String(decoding: compactBytes(), as: UTF8.self)
    }

    /// The compact text as UTF-8 bytes (see `compactText()`).
    public func compactBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.writeCompact(self)
        return writer.output
    }
}
