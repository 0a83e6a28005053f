/// A parse failure at a byte offset; `JSONParser` turns it into a `JSONSyntaxError`.
struct JSONParseFailure: Error {
    let offset: Int
    let message: String
    let pointer: JSONPointer?
}

/// A strict RFC 8259 recursive-descent parser working directly on UTF-8 bytes.
///
/// The observer receives structural events; with `NoParseObserver` the parser keeps no
/// position or path bookkeeping at all.
struct JSONByteParser<Observer: JSONParseObserver> {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var observer: Observer
    var position = 0
    var depth = 0
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, observer: Observer) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.observer = observer
    }

    /// 3 if the input starts with a UTF-8 byte order mark, otherwise 0.
    static func bomLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return 3 }
        return 0
    }

    /// Parses one complete document: optional BOM, whitespace, a value, whitespace.
    mutating func parseDocument() throws(JSONParseFailure) -> JSONValue {
        position = Self.bomLength(bytes)
        skipWhitespace()
        guard position < bytes.count else { throw failure("document is empty") }
        observer.beginRoot(at: position)
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw failure("\(unexpectedCharacter(at: position)) after end of document")
        }
        return value
    }

    // MARK: - Values

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Parses the value starting at `position` (which must not be whitespace).
    mutating func parseValue() throws(JSONParseFailure) -> JSONValue {
        guard position < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "/"):
            throw failure("comments are not allowed")
        case UInt8(ascii: "'"):
            throw failure("strings must use double quotes")
        case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ":"):
            throw failure("expected a value, found '\(Character(Unicode.Scalar(bytes[position])))'")
        default:
            throw invalidWord()
        }
    }

    private mutating func parseObject() throws(JSONParseFailure) -> JSONValue {
        let open = position
        depth += 1
        guard depth <= maxDepth else { throw failure("nesting deeper than \(maxDepth) levels", at: open) }
        position += 1
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of input") }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        var object = JSONObject()
        while true {
            guard position < bytes.count else { throw failure("unexpected end of input") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                if bytes[position] == UInt8(ascii: "'") { throw failure("strings must use double quotes") }
                throw failure(object.isEmpty ? "expected string key or '}'" : "expected string key")
            }
            let keyOffset = position
            let key = try parseString()
            guard let slot = object.appendNewKey(key) else {
                throw failure("duplicate key \"\(key)\"", at: keyOffset)
            }
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input") }
            guard bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':' after object key") }
            position += 1
            skipWhitespace()
            observer.pushKey(key, at: keyOffset)
            let value = try parseValue()
            observer.pop()
            object.setValue(value, atSlot: slot)
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                let comma = position
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    throw failure("trailing comma before '}'", at: comma)
                }
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(object)
            default:
                throw failure("expected ',' or '}' after object member")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseFailure) -> JSONValue {
        let open = position
        depth += 1
        guard depth <= maxDepth else { throw failure("nesting deeper than \(maxDepth) levels", at: open) }
        position += 1
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of input") }
        if bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        var elements: [JSONValue] = []
        while true {
            observer.pushIndex(elements.count, at: position)
            elements.append(try parseValue())
            observer.pop()
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of input") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                let comma = position
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    throw failure("trailing comma before ']'", at: comma)
                }
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw failure("expected ',' or ']' after array element")
            }
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseFailure) {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw invalidWord() }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        for index in 0..<length where bytes[position + index] != expected[index] {
            throw invalidWord()
        }
        if position + length < bytes.count, Self.isWordByte(bytes[position + length]) { throw invalidWord() }
        position += length
    }

    // MARK: - Errors

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    /// `invalid value 'NaN'` for a bare word, otherwise `unexpected character 'x'`.
    private func invalidWord() -> JSONParseFailure {
        var end = position
        while end < bytes.count, end - position < 32, Self.isWordByte(bytes[end]) { end += 1 }
        guard end > position else {
            return failure(unexpectedCharacter(at: position))
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
        return failure("invalid value '\(word)'")
    }

    func failure(_ message: String, at offset: Int? = nil) -> JSONParseFailure {
        JSONParseFailure(offset: offset ?? position, message: message, pointer: observer.currentPointer)
    }

    /// `unexpected character 'x'`, `unexpected character U+0001`, `unexpected end of input`
    /// or `invalid UTF-8 byte 0xFF` for the character at `offset`.
    func unexpectedCharacter(at offset: Int) -> String {
        guard offset < bytes.count else { return "unexpected end of input" }
        let byte = bytes[offset]
        if byte >= 0x21, byte <= 0x7E { return "unexpected character '\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return "unexpected character \(Self.scalarName(UInt32(byte)))" }
        var end = offset + 1
        while end < bytes.count, end - offset < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: bytes[offset..<end]).makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return "unexpected character '\(Character(scalar))' (\(Self.scalarName(scalar.value)))"
        }
        return "invalid UTF-8 byte \(Self.hex(byte))"
    }

    static func scalarName(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" : "") + digits
    }
}
