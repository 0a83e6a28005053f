import Foundation

/// Encodes `Encodable` values directly into `JSONValue`, without Foundation's `JSONEncoder`.
///
/// Keys keep the order in which they are encoded (for synthesized conformances, property
/// declaration order), so that order becomes the canonical key order of documents.
/// `encodeIfPresent` of nil omits the key. `JSONValue` and `JSONObject` pass through unchanged.
/// `[String: T]` dictionaries are written with their keys sorted, for determinism.
/// Non-finite floating-point values throw `EncodingError.invalidValue`. A `Date` is an ISO 8601 string in UTC with
/// milliseconds (`2026-12-02T18:15:33.120Z`), as people and other programs read dates.
public struct JSONValueEncoder: Sendable {
    /// Contextual information handed to `encode(to:)` implementations.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates an encoder.
    public init() {}

    /// Encodes `value` as a JSON value.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let context = EncodingContext(userInfo: userInfo)
        return try context.encode(value, path: PendingCodingPath([])).resolved()
    }
}

/// Shared, read-only state for one top-level `encode` call.
struct EncodingContext {
    let userInfo: [CodingUserInfoKey: any Sendable]

    /// Encodes `value`, short-circuiting JSON values and common scalars.
    func encode<T: Encodable>(_ value: T, path: PendingCodingPath) throws -> EncodedSlot {
        if let json = value as? JSONValue { return .value(json) }
        if let object = value as? JSONObject { return .value(.object(object)) }
        if let string = value as? String { return .value(.string(string)) }
        if let date = value as? Date { return .value(.string(Self.text(of: date))) }
        let box = EncodingBox()
        try value.encode(to: ValueEncoder(box: box, path: path, context: self))
        if value is any SortedKeysOnEncode { box.sortKeys() }
        return .box(box)
    }

    /// A date as the encoder writes it.
    static func text(of date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }

    static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: T, path: PendingCodingPath
    ) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path.resolved,
                    debugDescription: "cannot encode \(value): json numbers must be finite"
                ))
        }
        if let float = value as? Float { return .number(JSONNumber(float)) }
        return .number(JSONNumber(Double(value)))
    }
}

/// Marks dictionary types whose keyed encoding should be sorted by key.
protocol SortedKeysOnEncode {}
extension Dictionary: SortedKeysOnEncode {}

/// An encoded child: either finished or a box that nested containers may still fill.
enum EncodedSlot {
    case value(JSONValue)
    case box(EncodingBox)

    func resolved() -> JSONValue {
        switch self {
        case .value(let value): value
        case .box(let box): box.resolved()
        }
    }
}

/// A mutable node filled in by containers; resolved into a `JSONValue` at the end.
final class EncodingBox {
    enum Content {
        case empty
        case single(JSONValue)
        case array([EncodedSlot])
        case object(keys: [String], slots: [String: EncodedSlot])
    }

    var content: Content = .empty

    func setSingle(_ value: JSONValue) {
        content = .single(value)
    }

    /// Makes this box an object (keeping members if it already is one).
    func becomeObject() {
        if case .object = content { return }
        content = .object(keys: [], slots: [:])
    }

    /// Makes this box an array (keeping elements if it already is one).
    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func set(_ slot: EncodedSlot, forKey key: String) {
        becomeObject()
        guard case .object(var keys, var slots) = content else { return }
        content = .empty
        if slots.updateValue(slot, forKey: key) == nil { keys.append(key) }
        content = .object(keys: keys, slots: slots)
    }

    func append(_ slot: EncodedSlot) {
        becomeArray()
        guard case .array(var slots) = content else { return }
        content = .empty
        slots.append(slot)
        content = .array(slots)
    }

    var arrayCount: Int {
        if case .array(let slots) = content { return slots.count }
        return 0
    }

    func sortKeys() {
        guard case .object(let keys, let slots) = content else { return }
        content = .object(keys: keys.sorted(), slots: slots)
    }

    func resolved() -> JSONValue {
        switch content {
        case .empty:
            return .object(JSONObject())
        case .single(let value):
            return value
        case .array(let slots):
            return .array(slots.map { $0.resolved() })
        case .object(let keys, let slots):
            var object = JSONObject()
            object.reserveCapacity(keys.count)
            for key in keys {
                object[key] = slots[key]?.resolved() ?? .null
            }
            return .object(object)
        }
    }
}

/// The `Encoder` handed to `encode(to:)`.
struct ValueEncoder: Encoder {
    let box: EncodingBox
    let path: PendingCodingPath
    let context: EncodingContext

    var codingPath: [any CodingKey] { path.resolved }

    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.becomeObject()
        return KeyedEncodingContainer(KeyedValueEncodingContainer<Key>(box: box, codingPath: codingPath, context: context))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.becomeArray()
        return UnkeyedValueEncodingContainer(box: box, codingPath: codingPath, context: context)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueEncodingContainerImpl(box: box, codingPath: codingPath, context: context)
    }
}

/// A coding key for array positions, spelled like Foundation's (`Index 2`).
struct IndexCodingKey: CodingKey {
    let intValue: Int?
    let stringValue: String

    init(index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }
}

/// A coding key for arbitrary member names.
struct StringCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
    }
}
