import Foundation
import SluiceJSON
import Testing

@testable import SluiceMerge

/// The JSON form of conflict records.
@Suite struct MergeConflictCodingTests {
    @Test func encodesPointerAsTextAndOmitsAbsentSides() throws {
        let conflict = MergeConflict(pointer: JSONPointer(tokens: ["a/b", "0"]), kind: .deleteModify, base: ["x": 1], ours: nil, theirs: .null)
        let data = try JSONEncoder().encode(conflict)
        let object = try #require(try JSONParser.parse(data).objectValue)
        #expect(object["pointer"] == "/a~1b/0")
        #expect(object["kind"] == "deleteModify")
        #expect(object["base"] == ["x": 1])
        #expect(!object.contains("ours"))
        #expect(object["theirs"] == .null)
    }

    @Test func roundTrips() throws {
        let conflicts = [
            MergeConflict(pointer: .root, kind: .addAdd, base: nil, ours: "a", theirs: [1, 2]),
            MergeConflict(pointer: "/l", kind: .sequence, base: .null, ours: [], theirs: nil),
            MergeConflict(pointer: "/x", kind: .typeChange, base: 1, ours: ["y": true], theirs: "s"),
        ]
        let decoded = try JSONDecoder().decode([MergeConflict].self, from: JSONEncoder().encode(conflicts))
        #expect(decoded == conflicts)
    }

    @Test func decodesTheDocumentedForm() throws {
        let text = #"{"pointer": "/blocks/1/name", "kind": "bothModified", "base": "a", "ours": "b", "theirs": "c"}"#
        let conflict = try JSONDecoder().decode(MergeConflict.self, from: Data(text.utf8))
        #expect(conflict == MergeConflict(pointer: "/blocks/1/name", kind: .bothModified, base: "a", ours: "b", theirs: "c"))
    }

    @Test(arguments: [#"{"pointer": "a", "kind": "addAdd"}"#, #"{"pointer": "/a", "kind": "merged"}"#, #"{"kind": "addAdd"}"#])
    func rejectsInvalidRecords(text: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MergeConflict.self, from: Data(text.utf8))
        }
    }
}
