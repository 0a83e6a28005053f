import SluiceJSON

extension Merger {
    /// Merges two changed objects member by member.
    ///
    /// Member order: ours' order, with each member only theirs has placed right after the
    /// nearest member before it in theirs that ours also has (or first).
    mutating func mergeObjects(_ base: JSONObject, _ ours: JSONObject, _ theirs: JSONObject) -> JSONObject {
        let order = MergeOrder.interleave(primary: ours.keys, secondary: theirs.keys) { ours.position(of: $0) }
        var result = JSONObject()
        result.reserveCapacity(order.count)
        for key in order {
            if let value = merge(base[key], ours[key], theirs[key], at: key) {
                result[key] = value
            }
        }
        return result
    }
}
