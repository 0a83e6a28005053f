import SluiceJSON

extension Merger {
    /// Merges two changed arrays by the strategy for the current position: the policy's rule,
    /// else by id when every element of every side is an object with a string `id` unique in its
    /// side, else as a sequence. A by-id rule on elements without usable ids also falls back to
    /// a sequence. An absent base counts as `[]`.
    mutating func mergeArrays(_ base: [JSONValue]?, _ ours: [JSONValue], _ theirs: [JSONValue]) -> JSONValue {
        let strategy = policy.arrayStrategy(at: path)
        switch strategy {
        case .set:
            return .array(Self.mergeSet(base ?? [], ours, theirs))
        case .sequence:
            return mergeSequence(base, ours, theirs)
        case .byID, .unionByID, nil:
            let baseIndex = base.map { IDIndex($0) } ?? IDIndex.empty
            guard let baseIndex, let oursIndex = IDIndex(ours), let theirsIndex = IDIndex(theirs) else {
                return mergeSequence(base, ours, theirs)
            }
            let sides = ByIDSides(
                base: base ?? [], ours: ours, theirs: theirs,
                baseIndex: baseIndex, oursIndex: oursIndex, theirsIndex: theirsIndex)
            return .array(mergeByID(sides, union: strategy == .unionByID))
        }
    }

    /// A sequence merge; overlapping edits are one `sequence` conflict and keep ours.
    private mutating func mergeSequence(_ base: [JSONValue]?, _ ours: [JSONValue], _ theirs: [JSONValue]) -> JSONValue {
        if let merged = SequenceMerge.merge(base: base ?? [], ours: ours, theirs: theirs) {
            return .array(merged)
        }
        recordConflict(.sequence, base.map(JSONValue.array), .array(ours), .array(theirs))
        return .array(ours)
    }

    /// A set merge: base elements both sides kept, then what either side added (ours' first, in
    /// ours' order, then theirs' in theirs' order), each element once. Never a conflict.
    static func mergeSet(_ base: [JSONValue], _ ours: [JSONValue], _ theirs: [JSONValue]) -> [JSONValue] {
        let inBase = Set(base.map(SemanticKey.init))
        let inTheirs = Set(theirs.map(SemanticKey.init))
        var seen = Set<SemanticKey>()
        var result: [JSONValue] = []
        for element in ours {
            let key = SemanticKey(element)
            // In base but not in theirs: theirs removed it.
            if inBase.contains(key), !inTheirs.contains(key) { continue }
            if seen.insert(key).inserted { result.append(element) }
        }
        for element in theirs {
            let key = SemanticKey(element)
            // In base: kept above if ours kept it, otherwise ours removed it.
            if inBase.contains(key) { continue }
            if seen.insert(key).inserted { result.append(element) }
        }
        return result
    }
}
