import SluiceJSON

/// JSON equality as the merge rules define it: object key order is irrelevant and numbers
/// compare by value (`1`, `1.0` and `1e0` are equal), unlike `JSONValue.==` which compares
/// number literals.
enum JSONSemantics {
    /// Whether two possibly absent values are equal; two absent values are equal.
    static func equal(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case (let lhs?, let rhs?): equal(lhs, rhs)
        default: false
        }
    }

    /// Whether two values are equal.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case (.bool(let left), .bool(let right)):
            return left == right
        case (.number(let left), .number(let right)):
            return left.literal == right.literal || canonicalNumber(left) == canonicalNumber(right)
        case (.string(let left), .string(let right)):
            return left == right
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return false }
            for index in left.indices where !equal(left[index], right[index]) { return false }
            return true
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let other = right[key], equal(value, other) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Hashes `value` consistently with `equal`: numbers by value, object members in any order.
    static func hash(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .null:
            hasher.combine(0)
        case .bool(let bool):
            hasher.combine(1)
            hasher.combine(bool)
        case .number(let number):
            hasher.combine(2)
            hasher.combine(canonicalNumber(number))
        case .string(let string):
            hasher.combine(3)
            hasher.combine(string)
        case .array(let elements):
            hasher.combine(4)
            hasher.combine(elements.count)
            for element in elements { hash(element, into: &hasher) }
        case .object(let object):
            var combined = 0
            for (key, member) in object {
                var memberHasher = Hasher()
                memberHasher.combine(key)
                hash(member, into: &memberHasher)
                combined = combined &+ memberHasher.finalize()
            }
            hasher.combine(5)
            hasher.combine(object.count)
            hasher.combine(combined)
        }
    }

    /// A text that is the same for numbers of equal value: `0` for zero, otherwise the sign,
    /// the significant digits and a decimal exponent (`1.50` → `15e-1`). Falls back to the
    /// literal when the exponent does not fit in `Int`.
    static func canonicalNumber(_ number: JSONNumber) -> String {
        let bytes = Array(number.literal.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        var seenDot = false
        while index < bytes.count, bytes[index] != UInt8(ascii: "e"), bytes[index] != UInt8(ascii: "E") {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ".") {
                seenDot = true
                continue
            }
            if seenDot { exponent -= 1 }
            if digits.isEmpty, byte == UInt8(ascii: "0") { continue }
            digits.append(byte)
        }
        if index < bytes.count {
            guard let explicit = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)) else { return number.literal }
            let (sum, overflow) = exponent.addingReportingOverflow(explicit)
            guard !overflow else { return number.literal }
            exponent = sum
        }
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        guard !digits.isEmpty else { return "0" }
        return (negative ? "-" : "") + String(decoding: digits, as: UTF8.self) + "e" + String(exponent)
    }
}
