import SluiceDocuments
import SluiceJSON
import SluiceMerge

/// Merges three versions of a JSON file, as `sluice merge-file` and the git merge driver do.
public enum FileMerger {
    /// The merged file and what could not be merged.
    public struct Outcome: Sendable {
        /// The merged bytes in canonical form; nil when the merge deletes the file.
        public var bytes: [UInt8]?
        public var conflicts: [MergeConflict]
    }

    /// Which version a problem is in.
    public enum Side: String, Sendable { case base, ours, theirs }

    /// A version that is not JSON. Nothing is written when this is thrown.
    public struct InvalidInput: Error, Sendable, CustomStringConvertible {
        public var side: Side
        public var path: String
        public var error: JSONSyntaxError
        public var description: String { "\(path):\(error.line):\(error.column): \(side.rawValue) version is not valid JSON: \(error.message)" }
    }

    /// Merges `base`, `ours` and `theirs` (nil or blank: absent on that side). `paths` name the versions in errors.
    /// When `documentPath` names where a Sluice document lives, the result is written in that kind's canonical form.
    public static func merge(
        base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, paths: (base: String, ours: String, theirs: String),
        documentPath: String? = nil
    ) throws -> Outcome {
        let values = try (
            parse(base, side: .base, path: paths.base), parse(ours, side: .ours, path: paths.ours),
            parse(theirs, side: .theirs, path: paths.theirs)
        )
        let policy = MergePolicy.forDocument(values.1 ?? values.2 ?? values.0)
        let result = JSONMerge.merge(base: values.0, ours: values.1, theirs: values.2, policy: policy)
        return Outcome(bytes: result.value.map { canonical($0, at: documentPath) }, conflicts: result.conflicts)
    }

    /// The kind's canonical form for a Sluice document its model holds exactly (fixed key order, sorted maps); plain
    /// canonical JSON otherwise.
    static func canonical(_ value: JSONValue, at path: String?) -> [UInt8] {
        guard let path, let kind = WorkspaceLayout.kind(at: path), let ordered = AnyDocument.canonicalOrder(of: value, kind: kind, at: path) else {
            return value.canonicalBytes()
        }
        return ordered.canonicalBytes()
    }

    private static func parse(_ bytes: [UInt8]?, side: Side, path: String) throws -> JSONValue? {
        guard let bytes, bytes.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { return nil }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw InvalidInput(side: side, path: path, error: error)
        }
    }
}

extension MergeConflict {
    /// One line for a terminal: `/blocks/1/name: both sides changed it`.
    public var summary: String {
        let what =
            switch kind {
            case .bothModified: "both sides changed it differently"
            case .deleteModify: ours == nil ? "we deleted it, they changed it" : "they deleted it, we changed it"
            case .addAdd: "both sides added it differently"
            case .typeChange: "the sides changed its type"
            case .sequence: "both sides edited the same part of the array"
            case .invalid: "together the two sides' changes break a rule here (see `sluice validate`)"
            }
        return "\(pointer.display): \(what)"
    }
}
