import SluiceJSON
import Testing

@testable import SluiceMerge

/// One merge written out as JSON texts: nil stands for an absent document. Conflicts are written
/// as `"pointer kind"`, for example `"/a bothModified"` or `" deleteModify"` for the root.
struct MergeExample: Sendable, CustomTestStringConvertible {
    let name: String
    let base: String?
    let ours: String?
    let theirs: String?
    let expected: String?
    var conflicts: [String] = []
    var policy: MergePolicy = .generic

    var testDescription: String { name }

    /// Merges and checks the result text exactly (key order and number literals included) and the conflicts.
    func verify(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run()
        let actual = result.value?.compactText()
        let wanted = try expected.map { try JSONParser.parse($0).compactText() }
        #expect(actual == wanted, "\(name)", sourceLocation: sourceLocation)
        #expect(result.conflicts.map(\.summary) == conflicts, "\(name)", sourceLocation: sourceLocation)
    }

    /// Parses the sides and merges them.
    func run() throws -> MergeResult {
        try JSONMerge.merge(
            base: base.map { try JSONParser.parse($0) },
            ours: ours.map { try JSONParser.parse($0) },
            theirs: theirs.map { try JSONParser.parse($0) },
            policy: policy)
    }
}

extension MergeConflict {
    /// `"pointer kind"`, as `MergeExample` writes conflicts.
    var summary: String { "\(pointer) \(kind.rawValue)" }
}
