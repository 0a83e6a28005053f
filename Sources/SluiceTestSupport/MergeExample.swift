import SluiceJSON
import SluiceMerge
import Testing

/// One merge written out as JSON texts: nil stands for an absent document. Conflicts are written
/// as `"pointer kind"`, for example `"/a bothModified"` or `" deleteModify"` for the root.
public struct MergeExample: Sendable, CustomTestStringConvertible {
    public let name: String
    public let base: String?
    public let ours: String?
    public let theirs: String?
    public let expected: String?
    public var conflicts: [String] = []
    public var policy: MergePolicy = .generic

    /// An example merging `ours` and `theirs` (descendants of `base`) into `expected` with `conflicts`, under `policy`.
    public init(
        name: String, base: String?, ours: String?, theirs: String?, expected: String?, conflicts: [String] = [], policy: MergePolicy = .generic
    ) {
        self.name = name
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.expected = expected
        self.conflicts = conflicts
        self.policy = policy
    }

    public var testDescription: String { name }

    /// Merges and checks the result text exactly (key order and number literals included) and the conflicts.
    public func verify(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run()
        let actual = result.value?.compactText()
        let wanted = try expected.map { try JSONParser.parse($0).compactText() }
        #expect(actual == wanted, "\(name)", sourceLocation: sourceLocation)
        #expect(result.conflicts.map(\.summary) == conflicts, "\(name)", sourceLocation: sourceLocation)
    }

    /// Parses the sides and merges them.
    public func run() throws -> MergeResult {
        try JSONMerge.merge(
            base: base.map { try JSONParser.parse($0) },
            ours: ours.map { try JSONParser.parse($0) },
            theirs: theirs.map { try JSONParser.parse($0) },
            policy: policy)
    }
}

extension MergeConflict {
    /// `"pointer kind"`, as `MergeExample` writes conflicts.
    public var summary: String { "\(pointer) \(kind.rawValue)" }
}
