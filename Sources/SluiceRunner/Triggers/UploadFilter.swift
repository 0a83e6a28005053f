import SluiceJSON
import SluiceMedia

/// The On Asset Upload trigger's filter (MEDIAFLOWS.md): asset type; tags any of / all of / empty / not empty;
/// structured metadata values; folder exactly or with its subfolders. Absent parts match every asset.
public enum UploadFilter {
    /// Whether `asset` passes the trigger `config`.
    public static func matches(_ config: JSONValue, _ asset: Asset) -> Bool {
        if case .array(let types)? = config["resourceTypes"], !types.contains(.string(asset.resourceType.rawValue)) { return false }
        if let tags = config["tags"], let op = tags["operator"]?.stringValue {
            let values = Set(tags["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let present = Set(asset.tags)
            switch op {
            case "anyOf": if present.isDisjoint(with: values) { return false }
            case "allOf": if !values.isSubset(of: present) { return false }
            case "empty": if !present.isEmpty { return false }
            case "notEmpty": if present.isEmpty { return false }
            default: return false
            }
        }
        if case .object(let wanted)? = config["metadata"] {
            for (key, value) in wanted {
                guard let actual = asset.metadata[key], same(actual, value) else { return false }
            }
        }
        if let folder = config["folder"], let path = folder["path"]?.stringValue {
            let trimmed = path.trimmingCharacters(in: ["/"])
            let subfolders = folder["includeSubfolders"]?.boolValue ?? false
            let inside = asset.folder == trimmed || (subfolders && (trimmed.isEmpty || asset.folder.hasPrefix(trimmed + "/")))
            if !inside { return false }
        }
        return true
    }

    /// JSON equality with numbers by value and text compared with numbers by its value.
    private static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = left.doubleValue ?? left.stringValue.flatMap(Double.init), let b = right.doubleValue ?? right.stringValue.flatMap(Double.init),
            left.numberValue != nil || right.numberValue != nil
        {
            return a == b
        }
        return left == right
    }
}
