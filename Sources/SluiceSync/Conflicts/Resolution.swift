import SluiceJSON

/// Which value `sluice resolve` keeps at a conflict.
public enum Resolution: Sendable, Hashable {
    /// Our value: what the merged document holds already.
    case ours
    /// Their value.
    case theirs
    /// A value given by the person resolving.
    case value(JSONValue)

    /// `document` (nil: absent) with the conflict at `conflict.pointer` settled; nil when the result is absent.
    /// Whole-file conflicts are settled with the file's bytes instead (see ``isWholeFile``).
    public func apply(to document: JSONValue?, conflict: Conflict) throws(SyncError) -> JSONValue? {
        let replacement: JSONValue?
        switch self {
        case .ours: return document
        case .theirs: replacement = conflict.theirs
        case .value(let value): replacement = value
        }
        let pointer = conflict.pointer
        if pointer.isRoot { return replacement }
        var result = document ?? .object(JSONObject())
        if let replacement {
            do { try result.set(replacement, at: pointer) } catch { throw .unresolvable(pointer: pointer, reason: "\(error)") }
        } else {
            result.removeValue(at: pointer)
        }
        return result
    }
}
