import SluiceJSON

/// A three-way merge of element sequences (diff3 over whole elements).
///
/// Both sides are diffed against base (`SequenceDiff`) and their hunks walked in base order.
/// Hunks that do not overlap are combined, including edits right next to each other and an
/// insertion at the edge of a range the other side replaced (the insertion goes first). Two
/// identical hunks count once. Pure insertions by both sides at the same place give ours' elements,
/// then theirs' minus any element ours inserted there too. Any other overlap is a conflict.
enum SequenceMerge {
    /// The merged elements, or nil when the sides' edits overlap.
    static func merge(base: [JSONValue], ours: [JSONValue], theirs: [JSONValue]) -> [JSONValue]? {
        var tokenOf: [SemanticKey: Int] = [:]
        func tokenize(_ elements: [JSONValue]) -> [Int] {
            elements.map { element in
                let key = SemanticKey(element)
                if let token = tokenOf[key] { return token }
                let token = tokenOf.count
                tokenOf[key] = token
                return token
            }
        }
        let baseTokens = tokenize(base)
        let oursTokens = tokenize(ours)
        let theirsTokens = tokenize(theirs)
        let oursHunks = SequenceDiff.hunks(from: baseTokens, to: oursTokens)
        let theirsHunks = SequenceDiff.hunks(from: baseTokens, to: theirsTokens)

        var applied: [(baseRange: Range<Int>, elements: ArraySlice<JSONValue>)] = []
        var oursNext = 0
        var theirsNext = 0
        while oursNext < oursHunks.count || theirsNext < theirsHunks.count {
            guard oursNext < oursHunks.count else {
                let hunk = theirsHunks[theirsNext]
                applied.append((hunk.baseRange, theirs[hunk.sideRange]))
                theirsNext += 1
                continue
            }
            guard theirsNext < theirsHunks.count else {
                let hunk = oursHunks[oursNext]
                applied.append((hunk.baseRange, ours[hunk.sideRange]))
                oursNext += 1
                continue
            }
            let mine = oursHunks[oursNext]
            let other = theirsHunks[theirsNext]
            if overlap(mine, other) {
                if mine.baseRange == other.baseRange, oursTokens[mine.sideRange] == theirsTokens[other.sideRange] {
                    applied.append((mine.baseRange, ours[mine.sideRange]))
                } else if mine.isInsertion, other.isInsertion {
                    let insertedByOurs = Set(oursTokens[mine.sideRange])
                    let extra = other.sideRange.filter { !insertedByOurs.contains(theirsTokens[$0]) }.map { theirs[$0] }
                    applied.append((mine.baseRange, ours[mine.sideRange] + extra))
                } else {
                    return nil
                }
                oursNext += 1
                theirsNext += 1
            } else if precedes(mine, other) {
                applied.append((mine.baseRange, ours[mine.sideRange]))
                oursNext += 1
            } else {
                applied.append((other.baseRange, theirs[other.sideRange]))
                theirsNext += 1
            }
        }

        var result: [JSONValue] = []
        result.reserveCapacity(max(ours.count, theirs.count))
        var cursor = 0
        for (baseRange, elements) in applied {
            result += base[cursor..<baseRange.lowerBound]
            result += elements
            cursor = baseRange.upperBound
        }
        result += base[cursor...]
        return result
    }

    /// Whether two hunks of different sides touch the same base elements or insert at the same
    /// place; an insertion overlaps a replaced range only strictly inside it.
    static func overlap(_ lhs: SequenceDiff.Hunk, _ rhs: SequenceDiff.Hunk) -> Bool {
        let left = lhs.baseRange
        let right = rhs.baseRange
        switch (lhs.isInsertion, rhs.isInsertion) {
        case (true, true): return left.lowerBound == right.lowerBound
        case (true, false): return right.lowerBound < left.lowerBound && left.lowerBound < right.upperBound
        case (false, true): return left.lowerBound < right.lowerBound && right.lowerBound < left.upperBound
        case (false, false): return left.overlaps(right)
        }
    }

    /// Whether `lhs` applies before `rhs`, for two hunks that do not overlap.
    private static func precedes(_ lhs: SequenceDiff.Hunk, _ rhs: SequenceDiff.Hunk) -> Bool {
        let left = lhs.baseRange.lowerBound
        let right = rhs.baseRange.lowerBound
        return left < right || (left == right && lhs.isInsertion)
    }
}
