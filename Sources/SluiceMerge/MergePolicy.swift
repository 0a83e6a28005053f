import SluiceJSON

/// Rules that refine the generic merge for one kind of document, chosen by JSON-pointer pattern. The merge knows no
/// kinds of documents: whoever calls it (the sync engine) passes the policy of the document at hand.
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

    /// Whether the policy has no rule of its own (only the generic rules apply).
    public var isGeneric: Bool { arrayRules.isEmpty && scalarRules.isEmpty }

    /// The strategy a rule names for the array at `path`, if any.
    public func arrayStrategy(at path: [String]) -> ArrayStrategy? {
        arrayRules.first { $0.pattern.matches(path) }?.strategy
    }

    /// The resolution a rule names for the scalar at `path`, if any.
    public func scalarResolution(at path: [String]) -> ScalarResolution? {
        scalarRules.first { $0.pattern.matches(path) }?.resolution
    }
}
