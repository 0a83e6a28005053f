import SluiceJSON

/// A JSON value as a dictionary or set key under the merge's equality (see `JSONSemantics`).
struct SemanticKey: Hashable {
    /// The wrapped value.
    let value: JSONValue

    /// Wraps `value`.
    init(_ value: JSONValue) {
        self.value = value
    }

    static func == (lhs: SemanticKey, rhs: SemanticKey) -> Bool {
        JSONSemantics.equal(lhs.value, rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        JSONSemantics.hash(value, into: &hasher)
    }
}
