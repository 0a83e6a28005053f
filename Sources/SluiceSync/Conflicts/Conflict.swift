import SluiceJSON
import SluiceMerge

/// A place in one document where the two sides' changes cannot both be kept: what the structural merge could not
/// combine, a rule the combination breaks, or a file the merge could only treat whole.
///
/// The merged document keeps ours at `pointer`. In JSON it reads like a merge conflict,
/// `{"pointer": "/a", "kind": "bothModified", "base": …, "ours": …, "theirs": …}`, plus `rule` for a broken rule.
public struct Conflict: Sendable, Hashable, Codable {
    /// What kind of disagreement it is.
    public enum Kind: String, Sendable, Hashable, Codable {
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
        /// Each side's change is fine alone, but together they break a rule of the document (one side deletes a
        /// block the other links to); `rule` says which.
        case invalid
        /// A file on one side where the other has a folder of the same name; ours is kept.
        case fileFolder
        /// Both sides changed the file's mode (executable bit, symbolic link) differently; ours is kept.
        case fileMode
        /// A file that is not JSON on some side changed on both; ours is kept whole.
        case notJSON
    }

    /// Where the conflict is in the merged document (the root for whole-file conflicts).
    public var pointer: JSONPointer
    public var kind: Kind
    /// The value in the common ancestor, nil when absent there.
    public var base: JSONValue?
    /// Our value, which the merged document keeps; nil when absent on our side.
    public var ours: JSONValue?
    /// Their value; nil when absent on their side.
    public var theirs: JSONValue?
    /// For ``Kind/invalid``: the rule the combination breaks, as validation words it.
    public var rule: String?

    /// A conflict record.
    public init(pointer: JSONPointer, kind: Kind, base: JSONValue? = nil, ours: JSONValue? = nil, theirs: JSONValue? = nil, rule: String? = nil) {
        self.pointer = pointer
        self.kind = kind
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.rule = rule
    }

    /// The conflict the structural merge reported.
    public init(_ conflict: MergeConflict) {
        let kind: Kind =
            switch conflict.kind {
            case .bothModified: .bothModified
            case .deleteModify: .deleteModify
            case .addAdd: .addAdd
            case .typeChange: .typeChange
            case .sequence: .sequence
            }
        self.init(pointer: conflict.pointer, kind: kind, base: conflict.base, ours: conflict.ours, theirs: conflict.theirs)
    }

    /// A whole-file conflict of `kind` (the document root).
    public static func wholeFile(_ kind: Kind) -> Conflict { Conflict(pointer: .root, kind: kind) }

    /// Whether resolving it means choosing a whole file rather than a value inside one.
    public var isWholeFile: Bool { pointer.isRoot }

    private enum CodingKeys: String, CodingKey {
        case pointer, kind, base, ours, theirs, rule
    }

    /// Decodes the JSON form; a member that is missing means absent, `null` means JSON null.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pointer = try container.decode(JSONPointer.self, forKey: .pointer)
        kind = try container.decode(Kind.self, forKey: .kind)
        base = try container.decodeJSONValueIfPresent(forKey: .base)
        ours = try container.decodeJSONValueIfPresent(forKey: .ours)
        theirs = try container.decodeJSONValueIfPresent(forKey: .theirs)
        rule = try container.decodeIfPresent(String.self, forKey: .rule)
    }
}

/// One conflict in one document, as `sluice conflicts` lists it.
public struct DocumentConflict: Codable, Sendable, Hashable {
    public var path: String
    public var conflict: Conflict

    /// A conflict of the document at `path`.
    public init(path: String, conflict: Conflict) {
        self.path = path
        self.conflict = conflict
    }

    /// Conflicts by document path as one list, in path order.
    public static func list(_ conflicts: [String: [Conflict]]) -> [DocumentConflict] {
        conflicts.keys.sorted().flatMap { path in (conflicts[path] ?? []).map { DocumentConflict(path: path, conflict: $0) } }
    }
}
