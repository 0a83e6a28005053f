import SluiceJSON

/// The state of one merge: the policy, the position being merged and the conflicts so far.
///
/// The tree is walked in the merged document's order, so conflicts come out in document order.
struct Merger {
    /// The rules for this document.
    let policy: MergePolicy
    /// The conflicts found so far, in document order.
    private(set) var conflicts: [MergeConflict] = []
    /// The tokens of the position being merged.
    private(set) var path: [String] = []

    init(policy: MergePolicy) {
        self.policy = policy
    }

    /// Merges the values at the current position by the rules; nil means absent.
    mutating func merge(_ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?) -> JSONValue? {
        if JSONSemantics.equal(ours, theirs) { return ours }
        if JSONSemantics.equal(base, ours) { return theirs }
        if JSONSemantics.equal(base, theirs) { return ours }
        return mergeChanged(base, ours, theirs)
    }

    /// Merges the values at `token` below the current position.
    mutating func merge(
        _ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?, at token: String
    ) -> JSONValue? {
        path.append(token)
        defer { path.removeLast() }
        return merge(base, ours, theirs)
    }

    /// Both sides changed the value, differently.
    private mutating func mergeChanged(_ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?) -> JSONValue? {
        switch (base, ours, theirs) {
        case (.none, .object(let mine)?, .object(let other)?):
            return .object(mergeObjects(JSONObject(), mine, other))
        case (.object(let common)?, .object(let mine)?, .object(let other)?):
            return .object(mergeObjects(common, mine, other))
        case (.none, .array(let mine)?, .array(let other)?):
            return mergeArrays(nil, mine, other)
        case (.array(let common)?, .array(let mine)?, .array(let other)?):
            return mergeArrays(common, mine, other)
        case (_, .string(let mine)?, .string(let other)?) where policy.scalarResolution(at: path) == .laterTimestamp:
            return mine.utf8.lexicographicallyPrecedes(other.utf8) ? theirs : ours
        default:
            recordConflict(Self.kind(base, ours, theirs), base, ours, theirs)
            return ours
        }
    }

    /// Adds a conflict at the current position.
    mutating func recordConflict(
        _ kind: MergeConflict.Kind, _ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?
    ) {
        conflicts.append(
            MergeConflict(pointer: JSONPointer(tokens: path), kind: kind, base: base, ours: ours, theirs: theirs))
    }

    /// The kind of a conflict between values that both sides changed differently.
    private static func kind(_ base: JSONValue?, _ ours: JSONValue?, _ theirs: JSONValue?) -> MergeConflict.Kind {
        guard let ours, let theirs else { return .deleteModify }
        guard let base else { return .addAdd }
        let type = base.typeName
        return ours.typeName == type && theirs.typeName == type ? .bothModified : .typeChange
    }
}
