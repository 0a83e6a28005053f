/// Orders the members or elements of a merged object or by-id array.
enum MergeOrder {
    /// The `primary` keys in their order, with each key only `secondary` has inserted after the
    /// nearest key that precedes it in `secondary` and that `primary` has (or at the start when none
    /// does), and after the keys only `primary` has that directly follow that place, so that when both
    /// sides add at the same place, primary's additions come first. Keys inserted at the same place
    /// keep their `secondary` order. Linear time apart from the skipped runs.
    ///
    /// - Parameter primaryPosition: the position of a key in `primary`, nil when it has none.
    static func interleave(
        primary: [String], secondary: [String], primaryPosition: (String) -> Int?
    ) -> [String] {
        // bucket 0 holds keys placed first, bucket i + 1 the keys placed after primary[i].
        var buckets: [Int: [String]] = [:]
        var anchor = 0
        let inSecondary = Set(secondary)
        for key in secondary {
            if let position = primaryPosition(key) {
                anchor = position + 1
            } else {
                // After what primary alone inserted at the same place: both sides' additions, primary's first.
                var slot = anchor
                while slot < primary.count, !inSecondary.contains(primary[slot]) { slot += 1 }
                buckets[slot, default: []].append(key)
            }
        }
        guard !buckets.isEmpty else { return primary }
        var result = buckets[0] ?? []
        result.reserveCapacity(primary.count + secondary.count)
        for (position, key) in primary.enumerated() {
            result.append(key)
            if let inserted = buckets[position + 1] { result.append(contentsOf: inserted) }
        }
        return result
    }

    /// Whether `side` lists the elements it shares with `base` and `other` in another relative
    /// order than `base` does.
    static func reordered(_ side: IDIndex, base: IDIndex, other: IDIndex) -> Bool {
        let inBaseOrder = base.ids.lazy.filter { side.contains($0) && other.contains($0) }
        let inSideOrder = side.ids.lazy.filter { base.contains($0) && other.contains($0) }
        return !inBaseOrder.elementsEqual(inSideOrder)
    }
}
