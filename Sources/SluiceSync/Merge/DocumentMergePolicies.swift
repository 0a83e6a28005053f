import SluiceDocuments
import SluiceJSON
import SluiceMerge

/// The merge rules of each kind of Sluice document, passed to the pure structural merge.
public enum DocumentMergePolicies {
    /// Flows: the port lists of blocks (`next`, `then`, `else`, `each`, `onError`) merge as sets.
    public static let flow = MergePolicy(
        arrayRules: ["next", "then", "else", "each", "onError"].map { (pattern: "/blocks/*/\($0)", strategy: .set) }
    )

    /// Notifications: `assets` merge as a union by id, `recipients` as a set, and the read and viewed marks
    /// (`/readBy/*`, `/assets/*/viewedBy/*`) take the later timestamp.
    public static let notification = MergePolicy(
        arrayRules: [(pattern: "/assets", strategy: .unionByID), (pattern: "/recipients", strategy: .set)],
        scalarRules: [
            (pattern: "/assets/*/viewedBy/*", resolution: .laterTimestamp),
            (pattern: "/readBy/*", resolution: .laterTimestamp),
        ]
    )

    /// The policy of a kind of document; the generic rules for the others.
    public static func policy(for kind: DocumentKind?) -> MergePolicy {
        switch kind {
        case .flow?: flow
        case .notification?: notification
        default: .generic
        }
    }

    /// The kind a JSON value names in its `kind` member, if it is a Sluice document.
    public static func kind(named value: JSONValue?) -> DocumentKind? {
        value?["kind"]?.stringValue.flatMap(DocumentKind.init(rawValue:))
    }
}
