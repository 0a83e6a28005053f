import SluiceJSON

/// A position where both sides changed a value in ways the merge cannot combine.
///
/// The merged document keeps ours at `pointer`. In JSON it reads
/// `{"pointer": "/a", "kind": "bothModified", "base": …, "ours": …, "theirs": …}`, where a value
/// absent on that side is omitted (a JSON `null` value is written as `null`).
public struct MergeConflict: Sendable, Hashable, Codable {
    /// What kind of disagreement the conflict is.
    public enum Kind: String, Sendable, Codable {
        /// Both sides changed a value of the same type differently.
        case bothModified
        /// One side deleted the value (`ours` or `theirs` absent) and the other changed it.
        case deleteModify
        /// Both sides added different values where base had none.
        case addAdd
        /// The sides disagree and at least one of them changed the JSON type.
        case typeChange
        /// Overlapping edits of an array merged as a sequence; the pointer names the whole array.
        case sequence
    }

    /// Where the conflict is, in the merged document (array elements matched by id are
    /// addressed by their index in the merged array; see `JSONMerge`).
    public var pointer: JSONPointer
    /// What kind of disagreement it is.
    public var kind: Kind
    /// The value in the common ancestor, nil when absent there.
    public var base: JSONValue?
    /// Our value, which the merged document keeps; nil when absent on our side.
    public var ours: JSONValue?
    /// Their value; nil when absent on their side.
    public var theirs: JSONValue?

    /// Creates a conflict record.
    public init(pointer: JSONPointer, kind: Kind, base: JSONValue?, ours: JSONValue?, theirs: JSONValue?) {
        self.pointer = pointer
        self.kind = kind
        self.base = base
        self.ours = ours
        self.theirs = theirs
    }

    private enum CodingKeys: String, CodingKey {
        case pointer, kind, base, ours, theirs
    }

    /// Decodes the JSON form; a member that is missing means absent, `null` means JSON null.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pointer = try container.decode(JSONPointer.self, forKey: .pointer)
        kind = try container.decode(Kind.self, forKey: .kind)
        base = try container.decodeJSONValueIfPresent(forKey: .base)
        ours = try container.decodeJSONValueIfPresent(forKey: .ours)
        theirs = try container.decodeJSONValueIfPresent(forKey: .theirs)
    }
}
