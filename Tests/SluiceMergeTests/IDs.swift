import SluiceJSON

/// The ids of an array of objects with unique string ids.
enum IDs {
    /// The ids in order, or nil when an element is not an object with a string id or an id repeats.
    static func of(_ elements: [JSONValue]) -> [String]? {
        var seen = Set<String>()
        var ids: [String] = []
        for element in elements {
            guard case .string(let id)? = element["id"], seen.insert(id).inserted else { return nil }
            ids.append(id)
        }
        return ids
    }
}
