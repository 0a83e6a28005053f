import Foundation
import SluiceGit
import Testing

@Suite("ObjectID and GitError values")
struct ValueTypeTests {
    @Test("ObjectID parses full hex in either case and prints lowercase")
    func objectIDParsing() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.description == hex)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(ObjectID(hex: String(hex.dropLast())) == nil)
        #expect(ObjectID(hex: hex + "0") == nil)
        #expect(ObjectID(hex: String(hex.dropLast()) + "g") == nil)
        #expect(ObjectID(hex: "") == nil)
        let smaller = try #require(ObjectID(hex: "0" + String(hex.dropFirst())))
        let larger = try #require(ObjectID(hex: "f" + String(hex.dropFirst())))
        #expect(smaller < larger)
        #expect([larger, smaller].sorted() == [smaller, larger])
        #expect(Set([id, id]).count == 1)
    }

    @Test("GitError classifies codes and describes itself")
    func gitErrorHelpers() {
        let notFound = GitError(code: -3, errorClass: 3, message: "missing", function: "git_x")
        #expect(notFound.isNotFound)
        #expect(!notFound.isConflictingUpdate)
        #expect(notFound.description == "git_x failed: missing (code -3)")
        for code: Int32 in [-4, -14, -15] {
            #expect(GitError(code: code, errorClass: 0, message: "", function: "f").isConflictingUpdate)
        }
        #expect(!GitError(code: -1, errorClass: 0, message: "", function: "f").isConflictingUpdate)
    }
}
