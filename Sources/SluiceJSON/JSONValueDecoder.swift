import Foundation

/// Decodes `Decodable` values directly from `JSONValue`, without Foundation's `JSONDecoder`.
///
/// Errors are Swift's standard `DecodingError` with an accurate `codingPath`; use
/// `DecodingError.jsonPointer` and `DecodingError.shortMessage` to report them. Integers must
/// be exact (`1.5` is not an `Int`); `JSONValue` and `JSONObject` are taken as they are.
public struct JSONValueDecoder: Sendable {
    /// Contextual information handed to `init(from:)` implementations.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder.
    public init() {}

    /// Decodes a value of `type` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, path: PendingCodingPath([]), sendableUserInfo: userInfo).decode(type)
    }
}

/// The `Decoder` handed to `init(from:)`; also the single-value container.
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let path: PendingCodingPath
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.resolved }

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw ValueDecoder.mismatch(JSONObject.self, expected: "object", found: value, codingPath)
        }
        return KeyedDecodingContainer(
            KeyedValueDecodingContainer<Key>(object: object, codingPath: codingPath, userInfo: sendableUserInfo)
        )
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw ValueDecoder.mismatch([JSONValue].self, expected: "array", found: value, codingPath)
        }
        return UnkeyedValueDecodingContainer(elements: elements, codingPath: codingPath, userInfo: sendableUserInfo)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: - SingleValueDecodingContainer

    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else {
            throw ValueDecoder.mismatch(type, expected: "boolean", found: value, codingPath)
        }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else {
            throw ValueDecoder.mismatch(type, expected: "string", found: value, codingPath)
        }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double { try number(type).doubleValue }
    func decode(_ type: Float.Type) throws -> Float {
        let number = try number(type)
        return Float(number.literal) ?? Float(number.doubleValue)
    }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self, let result = value as? T { return result }
        if T.self == String.self, let result = try decode(String.self) as? T { return result }
        if T.self == Date.self, let result = try date() as? T { return result }
        return try T(from: self)
    }

    // MARK: - Helpers

    /// A date: an ISO 8601 string (with or without fractions of a second), or a number of seconds since 2001 (how
    /// Foundation encodes one, and this encoder once did).
    private func date() throws -> Date {
        switch value {
        case .string(let text):
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
            if let date = try? Date(text, strategy: .iso8601) { return date }
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: "\"\(text)\" is not an ISO 8601 date"))
        case .number(let number):
            return Date(timeIntervalSinceReferenceDate: number.doubleValue)
        default:
            throw ValueDecoder.mismatch(Date.self, expected: "ISO 8601 date", found: value, codingPath)
        }
    }

    private func number<T>(_ type: T.Type) throws -> JSONNumber {
        guard case .number(let number) = value else {
            throw ValueDecoder.mismatch(type, expected: "number", found: value, codingPath)
        }
        return number
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let number = try number(type)
        if let exact = T(number.literal) { return exact }
        if let whole = number.intValue, let exact = T(exactly: whole) { return exact }
        if number.isIntegral {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "number \(number.literal) is out of range for \(T.self)"
                ))
        }
        throw DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath, debugDescription: "expected integer, found \(number.literal)"
            ))
    }

    /// `typeMismatch` (or `valueNotFound` for null) with the message `expected X, found Y`.
    static func mismatch(
        _ type: Any.Type, expected: String, found value: JSONValue, _ codingPath: [any CodingKey]
    ) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: codingPath, debugDescription: "expected \(expected), found \(value.typeName)"
        )
        return value.isNull ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }
}

/// A coding path whose last key is appended only when the path is read (by an error, or by a nested container), so
/// that decoding or encoding a scalar member builds no array.
struct PendingCodingPath {
    /// The path of the container that holds the value.
    let parent: [any CodingKey]
    /// The value's key in that container; nil for the top-level value.
    let key: (any CodingKey)?

    init(_ parent: [any CodingKey], _ key: (any CodingKey)? = nil) {
        self.parent = parent
        self.key = key
    }

    /// The whole path.
    var resolved: [any CodingKey] {
        guard let key else { return parent }
        var path = parent
        path.append(key)
        return path
    }
}
