import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Line merge (git_merge_file)")
struct LineMergeTests {
    /// Inputs a structural merge refuses (comments, a duplicate key, a trailing comma), as git's line merge sees them.
    static let cases: [(name: String, base: String, ours: String, theirs: String)] = [
        (
            "separate lines", "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n", "{\n  \"a\": 10,\n  \"b\": 2,\n  \"c\": 3\n}\n",
            "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 30\n}\n"
        ),
        (
            "a duplicate key", "{\n  \"a\": 1,\n  \"a\": 2,\n  \"z\": 0\n}\n", "{\n  \"a\": 1,\n  \"a\": 3,\n  \"z\": 0\n}\n",
            "{\n  \"a\": 1,\n  \"a\": 2,\n  \"z\": 9\n}\n"
        ),
        ("the same line", "// c\n{\"a\": 1}\n", "// c\n{\"a\": 2}\n", "// c\n{\"a\": 3}\n"),
        ("a trailing comma", "[\n  1,\n  2,\n]\n", "[\n  0,\n  1,\n  2,\n]\n", "[\n  1,\n  2,\n  3,\n]\n"),
    ]

    @Test("the result is byte for byte what `git merge-file -p` prints, conflicts counted", arguments: cases.map(\.name))
    func sameAsGit(name: String) throws {
        let example = try #require(Self.cases.first { $0.name == name })
        try withTemporaryDirectory { folder in
            for (file, text) in [("base", example.base), ("ours", example.ours), ("theirs", example.theirs)] {
                try writeFile(file, text, in: folder)
            }
            let git = try ProcessRunner.git(["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", "ours", "base", "theirs"], in: folder)
            let merged = try LineMerge.merge(
                base: Array(example.base.utf8), ours: Array(example.ours.utf8), theirs: Array(example.theirs.utf8))
            #expect(String(decoding: merged.bytes, as: UTF8.self) == git.stdout)
            // git merge-file exits with the number of conflicts.
            #expect(Int32(merged.conflicts) == git.status)
        }
    }

    @Test("empty sides merge: an added file on one side")
    func emptyBase() throws {
        let merged = try LineMerge.merge(base: [], ours: [], theirs: Array("x\n".utf8))
        #expect(merged.isClean)
        #expect(merged.bytes == Array("x\n".utf8))
    }
}
