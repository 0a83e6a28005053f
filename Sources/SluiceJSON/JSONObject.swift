/// An ordered JSON object: unique keys kept in insertion order with O(1) lookup by key.
///
/// Equality follows JSON semantics and ignores key order; the order still matters for
/// writing, where keys are emitted exactly as stored.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One member of the object.
    public typealias Element = (key: String, value: JSONValue)

    private var storedKeys: [String]
    private var storedValues: [JSONValue]
    /// Slot of each key; only maintained above `linearScanLimit` members, below which a
    /// linear scan is faster than hashing (lookups stay O(1) either way).
    private var indexByKey: [String: Int]

    private static let linearScanLimit = 8

    /// Creates an empty object.
    public init() {
        storedKeys = []
        storedValues = []
        indexByKey = [:]
    }

    /// Creates an object from pairs in order; a later duplicate key overwrites the earlier
    /// value but keeps the earlier position.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        reserveCapacity(pairs.count)
        for (key, value) in pairs {
            self[key] = value
        }
    }

    /// Creates an object from a dictionary literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The keys in stored order.
    public var keys: [String] { storedKeys }

    /// The values in stored order.
    public var values: [JSONValue] { storedValues }

    /// The number of members.
    public var count: Int { storedKeys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { storedKeys.isEmpty }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool {
        slot(of: key) != nil
    }

    /// The value for `key`. Setting a new key appends it; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let index = slot(of: key) else { return nil }
            return storedValues[index]
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if let index = slot(of: key) {
                storedValues[index] = newValue
            } else {
                appendUnchecked(key, newValue)
            }
        }
    }

    /// Removes the member named `key` and returns its value, or nil if there was none.
    /// Later members keep their relative order. This is O(n).
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = slot(of: key) else { return nil }
        storedKeys.remove(at: index)
        let removed = storedValues.remove(at: index)
        if storedKeys.count <= Self.linearScanLimit {
            indexByKey = [:]
        } else {
            indexByKey.removeValue(forKey: key)
            for position in index..<storedKeys.count {
                indexByKey[storedKeys[position]] = position
            }
        }
        return removed
    }

    /// Reserves room for `capacity` members.
    public mutating func reserveCapacity(_ capacity: Int) {
        storedKeys.reserveCapacity(capacity)
        storedValues.reserveCapacity(capacity)
        if capacity > Self.linearScanLimit { indexByKey.reserveCapacity(capacity) }
    }

    /// The position of `key` in the stored order, if present.
    public func position(of key: String) -> Int? {
        slot(of: key)
    }

    @inline(__always)
    private func slot(of key: String) -> Int? {
        if storedKeys.count > Self.linearScanLimit { return indexByKey[key] }
        return storedKeys.firstIndex(of: key)
    }

    /// Appends a member whose key is known to be absent.
    private mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        let slot = storedKeys.count
        storedKeys.append(key)
        storedValues.append(value)
        if slot == Self.linearScanLimit {
            indexByKey.reserveCapacity(Self.linearScanLimit * 2)
            for (position, existing) in storedKeys.enumerated() { indexByKey[existing] = position }
        } else if slot > Self.linearScanLimit {
            indexByKey[key] = slot
        }
    }

    // MARK: - Parser support

    /// Appends `key` with a placeholder value and returns its slot, or nil if the key exists.
    mutating func appendNewKey(_ key: String) -> Int? {
        guard slot(of: key) == nil else { return nil }
        appendUnchecked(key, .null)
        return storedKeys.count - 1
    }

    /// Replaces the value stored in `slot`.
    mutating func setValue(_ value: JSONValue, atSlot slot: Int) {
        storedValues[slot] = value
    }

    // MARK: - Sequence

    /// Iterates members in stored order.
    public struct Iterator: IteratorProtocol {
        private let keys: [String]
        private let values: [JSONValue]
        private var position = 0

        init(keys: [String], values: [JSONValue]) {
            self.keys = keys
            self.values = values
        }

        /// The next member, or nil at the end.
        public mutating func next() -> Element? {
            guard position < keys.count else { return nil }
            defer { position += 1 }
            return (keys[position], values[position])
        }
    }

    /// Returns an iterator over the members in stored order.
    public func makeIterator() -> Iterator {
        Iterator(keys: storedKeys, values: storedValues)
    }

    /// The number of members, exact.
    public var underestimatedCount: Int { storedKeys.count }

    // MARK: - Equatable & Hashable

    /// Objects are equal when they have the same members, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.storedKeys == rhs.storedKeys {
            return lhs.storedValues == rhs.storedValues
        }
        for (index, key) in lhs.storedKeys.enumerated() {
            guard let other = rhs.slot(of: key), rhs.storedValues[other] == lhs.storedValues[index] else {
                return false
            }
        }
        return true
    }

    /// Hashes the members independently of their order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for index in storedKeys.indices {
            var member = Hasher()
            member.combine(storedKeys[index])
            member.combine(storedValues[index])
            combined = combined &+ member.finalize()
        }
        hasher.combine(storedKeys.count)
        hasher.combine(combined)
    }
}
