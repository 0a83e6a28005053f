/// Keyed container writing members into an object box, in encoding order.
struct KeyedValueEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    let context: EncodingContext

    private func put(_ value: JSONValue, _ key: Key) {
        box.set(.value(value), forKey: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(try EncodingContext.number(value, path: PendingCodingPath(codingPath, key)), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(try EncodingContext.number(value, path: PendingCodingPath(codingPath, key)), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(JSONNumber(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(integer(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(try context.encode(value, path: PendingCodingPath(codingPath, key)), forKey: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingBox()
        child.becomeObject()
        box.set(.box(child), forKey: key.stringValue)
        return KeyedEncodingContainer(
            KeyedValueEncodingContainer<NestedKey>(box: child, codingPath: codingPath + [key], context: context)
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingBox()
        child.becomeArray()
        box.set(.box(child), forKey: key.stringValue)
        return UnkeyedValueEncodingContainer(box: child, codingPath: codingPath + [key], context: context)
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(usingKey: StringCodingKey("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(usingKey: key)
    }

    private func superEncoder(usingKey key: any CodingKey) -> any Encoder {
        let child = EncodingBox()
        box.set(.box(child), forKey: key.stringValue)
        return ValueEncoder(box: child, path: PendingCodingPath(codingPath, key), context: context)
    }
}

/// Unkeyed container appending elements to an array box.
struct UnkeyedValueEncodingContainer: UnkeyedEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    let context: EncodingContext

    var count: Int { box.arrayCount }

    private var nextKey: IndexCodingKey { IndexCodingKey(index: count) }

    private func put(_ value: JSONValue) { box.append(.value(value)) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws {
        put(try EncodingContext.number(value, path: PendingCodingPath(codingPath, nextKey)))
    }
    mutating func encode(_ value: Float) throws {
        put(try EncodingContext.number(value, path: PendingCodingPath(codingPath, nextKey)))
    }
    mutating func encode(_ value: Int) throws { put(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int8) throws { put(integer(value)) }
    mutating func encode(_ value: Int16) throws { put(integer(value)) }
    mutating func encode(_ value: Int32) throws { put(integer(value)) }
    mutating func encode(_ value: Int64) throws { put(integer(value)) }
    mutating func encode(_ value: UInt) throws { put(integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        box.append(try context.encode(value, path: PendingCodingPath(codingPath, nextKey)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        let child = EncodingBox()
        child.becomeObject()
        box.append(.box(child))
        return KeyedEncodingContainer(
            KeyedValueEncodingContainer<NestedKey>(box: child, codingPath: codingPath + [key], context: context)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        let child = EncodingBox()
        child.becomeArray()
        box.append(.box(child))
        return UnkeyedValueEncodingContainer(box: child, codingPath: codingPath + [key], context: context)
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        let child = EncodingBox()
        box.append(.box(child))
        return ValueEncoder(box: child, path: PendingCodingPath(codingPath, key), context: context)
    }
}

/// Single-value container storing one value in its box.
struct SingleValueEncodingContainerImpl: SingleValueEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    let context: EncodingContext

    mutating func encodeNil() throws { box.setSingle(.null) }
    mutating func encode(_ value: Bool) throws { box.setSingle(.bool(value)) }
    mutating func encode(_ value: String) throws { box.setSingle(.string(value)) }
    mutating func encode(_ value: Double) throws {
        box.setSingle(try EncodingContext.number(value, path: PendingCodingPath(codingPath)))
    }
    mutating func encode(_ value: Float) throws {
        box.setSingle(try EncodingContext.number(value, path: PendingCodingPath(codingPath)))
    }
    mutating func encode(_ value: Int) throws { box.setSingle(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int8) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: Int16) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: Int32) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: Int64) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: UInt) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: UInt8) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: UInt16) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: UInt32) throws { box.setSingle(integer(value)) }
    mutating func encode(_ value: UInt64) throws { box.setSingle(integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        box.setSingle(try context.encode(value, path: PendingCodingPath(codingPath)).resolved())
    }
}

/// An integer of any width as a JSON number.
private func integer<T: FixedWidthInteger>(_ value: T) -> JSONValue {
    .number(JSONNumber(uncheckedLiteral: String(value)))
}
