import SluiceJSON

/// The ids of an array whose elements are all objects with a string `id`, unique in the array.
struct IDIndex {
    /// The ids in array order.
    let ids: [String]
    /// The position of each id in the array.
    let positions: [String: Int]

    /// An empty index, for an absent base.
    static let empty = IDIndex(ids: [], positions: [:])

    private init(ids: [String], positions: [String: Int]) {
        self.ids = ids
        self.positions = positions
    }

    /// Indexes `elements`; nil when an element is not an object with a string `id` or an id repeats.
    init?(_ elements: [JSONValue]) {
        var ids: [String] = []
        var positions: [String: Int] = [:]
        ids.reserveCapacity(elements.count)
        positions.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .object(let object) = element, case .string(let id)? = object["id"],
                positions.updateValue(position, forKey: id) == nil
            else { return nil }
            ids.append(id)
        }
        self.ids = ids
        self.positions = positions
    }

    /// Whether the array holds an element with `id`.
    func contains(_ id: String) -> Bool {
        positions[id] != nil
    }
}
