/// A JSON number stored losslessly as its literal text.
///
/// Two numbers are equal when their literals are equal, so `1` and `1.0` are different
/// values here (they round-trip to different bytes). Use `doubleValue` to compare numerically.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, always valid RFC 8259 number syntax.
    public let literal: String

    /// Creates a number from an integer.
    public init(_ value: Int) {
        literal = String(value)
    }

    /// Creates a number from a double.
    ///
    /// Integral values within ±2^53 are written without a fraction (`3.0` becomes `3`);
    /// other values use Swift's shortest round-trip description. Non-finite values have no
    /// JSON form and become `0`.
    public init(_ value: Double) {
        literal = JSONNumber.literal(for: value)
    }

    /// Creates a number from a float, using the float's own shortest description
    /// (so `Float(0.1)` is written as `0.1`, not `0.10000000149011612`).
    public init(_ value: Float) {
        guard value.isFinite else {
            literal = "0"
            return
        }
        if value == value.rounded(), abs(value) <= 16_777_216 {
            literal = String(Int(value))
        } else {
            literal = JSONNumber.normalized(value.description)
        }
    }

    /// Creates a number from literal text; returns nil unless `literal` is a valid JSON number.
    public init?(literal: String) {
        guard JSONNumber.isValidLiteral(literal.utf8) else { return nil }
        self.literal = literal
    }

    /// Creates a number from text the caller has already validated.
    init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    /// The literal text.
    public var description: String { literal }

    /// The nearest double to the literal (infinity for literals beyond the double range).
    public var doubleValue: Double {
        Double(literal) ?? 0
    }

    /// The value as an `Int` when it is an exact integer that fits, otherwise nil.
    ///
    /// Decimal forms with an integral value such as `2.0` or `1e3` count as integers;
    /// `1.5` and `1e-3` do not. The check is done on the decimal digits, not through `Double`.
    public var intValue: Int? {
        if let direct = Int(literal) { return direct }
        return JSONNumber.exactInteger(literal)
    }

    /// Whether the literal denotes an integral value (e.g. `3`, `3.0`, `3e2`), regardless of size.
    public var isIntegral: Bool {
        JSONNumber.decimalParts(literal).map { parts in
            parts.digits.allSatisfy { $0 == UInt8(ascii: "0") } || parts.exponent >= 0
        } ?? false
    }

    // MARK: - Helpers

    private static func literal(for value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return normalized(value.description)
    }

    /// Makes Swift's float description valid JSON (it already is for finite values; this
    /// guards against forms such as a leading "+" in exponents being rejected elsewhere).
    private static func normalized(_ text: String) -> String {
        isValidLiteral(text.utf8) ? text : "0"
    }

    /// Splits a literal into significant digits (trailing zeros stripped) and a base-10 exponent.
    private static func decimalParts(_ literal: String) -> (negative: Bool, digits: [UInt8], exponent: Int)? {
        var bytes = Array(literal.utf8)[...]
        guard !bytes.isEmpty else { return nil }
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        var digits: [UInt8] = []
        var exponent = 0
        var seenDot = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                seenDot = true
            } else {
                digits.append(byte)
                if seenDot { exponent -= 1 }
            }
        }
        if !bytes.isEmpty {
            guard let explicit = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)) else { return nil }
            exponent += explicit
        }
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 { digits.removeFirst() }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeLast()
            exponent += 1
        }
        return (negative, digits, exponent)
    }

    private static func exactInteger(_ literal: String) -> Int? {
        guard let parts = decimalParts(literal) else { return nil }
        if parts.digits == [UInt8(ascii: "0")] { return 0 }
        guard parts.exponent >= 0, parts.exponent <= 19 else { return nil }
        var result = 0
        for digit in parts.digits {
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = shifted.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            result = added
        }
        for _ in 0..<parts.exponent {
            let (shifted, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            result = shifted
        }
        return parts.negative ? -result : result
    }

    /// Checks RFC 8259 number syntax: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isValidLiteral(_ utf8: String.UTF8View) -> Bool {
        var iterator = utf8.makeIterator()
        var current = iterator.next()
        func isDigit(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }
        if current == UInt8(ascii: "-") { current = iterator.next() }
        if current == UInt8(ascii: "0") {
            current = iterator.next()
        } else if isDigit(current) {
            while isDigit(current) { current = iterator.next() }
        } else {
            return false
        }
        if current == UInt8(ascii: ".") {
            current = iterator.next()
            guard isDigit(current) else { return false }
            while isDigit(current) { current = iterator.next() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            current = iterator.next()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { current = iterator.next() }
            guard isDigit(current) else { return false }
            while isDigit(current) { current = iterator.next() }
        }
        return current == nil
    }
}
