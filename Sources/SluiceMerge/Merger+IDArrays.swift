import SluiceJSON

extension Merger {
    /// Merges two changed arrays of objects matched by `id`.
    ///
    /// Each id merges with the rules (an absent element is absent on that side). With `union`,
    /// an element only one side has is kept as that side has it. Order: the order of the side
    /// that alone reordered the elements all three share, otherwise ours'; elements only the
    /// other side has go right after the nearest element before them there that the first has
    /// (or first).
    mutating func mergeByID(_ sides: ByIDSides, union: Bool) -> [JSONValue] {
        let oursReordered = MergeOrder.reordered(sides.oursIndex, base: sides.baseIndex, other: sides.theirsIndex)
        let theirsReordered = MergeOrder.reordered(sides.theirsIndex, base: sides.baseIndex, other: sides.oursIndex)
        let (primary, secondary) =
            theirsReordered && !oursReordered
            ? (sides.theirsIndex, sides.oursIndex) : (sides.oursIndex, sides.theirsIndex)
        let order = MergeOrder.interleave(primary: primary.ids, secondary: secondary.ids) { primary.positions[$0] }

        var result: [JSONValue] = []
        result.reserveCapacity(order.count)
        for id in order {
            let base = sides.baseIndex.positions[id].map { sides.base[$0] }
            let ours = sides.oursIndex.positions[id].map { sides.ours[$0] }
            let theirs = sides.theirsIndex.positions[id].map { sides.theirs[$0] }
            // The element's index in the result; also the index an element left out would have had.
            let token = String(result.count)
            let merged: JSONValue?
            if union, ours == nil || theirs == nil {
                merged = ours ?? theirs
            } else {
                merged = merge(base, ours, theirs, at: token)
            }
            if let merged { result.append(merged) }
        }
        return result
    }
}
