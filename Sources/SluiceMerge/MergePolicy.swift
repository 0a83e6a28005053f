import SluiceJSON

/// Rules that refine the generic merge for one kind of document, chosen by JSON-pointer pattern.
///
/// Patterns are JSON pointers where `*` matches exactly one token (an object key or an array
/// index), for example `/blocks/*/next`. When several rules match the same position, the first
/// one given wins. Positions without a rule follow the generic rules of `docs/merge.md`.
public struct MergePolicy: Sendable {
    let arrayRules: [(pattern: PointerPattern, strategy: ArrayStrategy)]
    let scalarRules: [(pattern: PointerPattern, resolution: ScalarResolution)]

    /// Creates a policy from array strategies and scalar resolutions keyed by pointer pattern.
    public init(
        arrayRules: [(pattern: String, strategy: ArrayStrategy)] = [],
        scalarRules: [(pattern: String, resolution: ScalarResolution)] = []
    ) {
        self.arrayRules = arrayRules.map { (PointerPattern($0.pattern), $0.strategy) }
        self.scalarRules = scalarRules.map { (PointerPattern($0.pattern), $0.resolution) }
    }

    /// The generic rules only: any JSON file.
    public static let generic = MergePolicy()

    /// Flow documents: the port lists of blocks (`next`, `then`, `else`, `each`, `onError`) merge as sets.
    public static let flow = MergePolicy(
        arrayRules: ["next", "then", "else", "each", "onError"].map { (pattern: "/blocks/*/\($0)", strategy: .set) }
    )

    /// Notification documents: `assets` merge as a union by id, `recipients` as a set, and the
    /// read and viewed marks (`/readBy/*`, `/assets/*/viewedBy/*`) take the later timestamp.
    public static let notification = MergePolicy(
        arrayRules: [(pattern: "/assets", strategy: .unionByID), (pattern: "/recipients", strategy: .set)],
        scalarRules: [
            (pattern: "/assets/*/viewedBy/*", resolution: .laterTimestamp),
            (pattern: "/readBy/*", resolution: .laterTimestamp),
        ]
    )

    /// The policy for a document by its `kind` member ("flow", "notification", others → generic).
    public static func forDocument(_ value: JSONValue?) -> MergePolicy {
        switch value?["kind"]?.stringValue {
        case "flow": .flow
        case "notification": .notification
        default: .generic
        }
    }

    /// The strategy a rule names for the array at `path`, if any.
    func arrayStrategy(at path: [String]) -> ArrayStrategy? {
        arrayRules.first { $0.pattern.matches(path) }?.strategy
    }

    /// The resolution a rule names for the scalar at `path`, if any.
    func scalarResolution(at path: [String]) -> ScalarResolution? {
        scalarRules.first { $0.pattern.matches(path) }?.resolution
    }
}
