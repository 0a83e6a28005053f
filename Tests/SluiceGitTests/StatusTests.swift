import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Work tree status")
struct StatusTests {
    @Test("status sees untracked, modified, deleted, staged and ignored files")
    func statusKinds() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile(".gitignore", "*.log\n", in: path)
            try writeFile("modified.txt", "1\n", in: path)
            try writeFile("deleted.txt", "1\n", in: path)
            try writeFile("renamed-from.txt", String(repeating: "same content line\n", count: 10), in: path)
            _ = try #require(try repository.commitAll(message: "base", signature: testSignature))
            #expect(try repository.status().isEmpty)

            try writeFile("modified.txt", "2\n", in: path)
            try removeFile("deleted.txt", in: path)
            try writeFile("new/untracked.txt", "u\n", in: path)
            try writeFile("debug.log", "ignored\n", in: path)
            try writeFile("staged.txt", "s\n", in: path)
            try repository.stage(paths: ["staged.txt"])
            try runGit(["mv", "renamed-from.txt", "renamed-to.txt"], in: path)

            let entries = try repository.status()
            #expect(
                entries == [
                    StatusEntry(path: "deleted.txt", index: nil, workdir: .deleted),
                    StatusEntry(path: "modified.txt", index: nil, workdir: .modified),
                    StatusEntry(path: "new/untracked.txt", index: nil, workdir: .untracked),
                    StatusEntry(path: "renamed-to.txt", index: .renamed, workdir: nil, originalPath: "renamed-from.txt"),
                    StatusEntry(path: "staged.txt", index: .added, workdir: nil),
                ])

            let withIgnored = try repository.status(includeUntracked: false, includeIgnored: true)
            #expect(withIgnored.contains(StatusEntry(path: "debug.log", index: nil, workdir: .ignored)))
            #expect(!withIgnored.contains { $0.workdir == .untracked })
        }
    }

    /// With the index equal to HEAD, status compares only the work tree (HEAD's trees are not read); it must still
    /// see every work-tree change, and fall back to the full comparison when the index differs or has conflicts.
    @Test("status is the same whether or not the index matches HEAD, and sees conflicts")
    func indexMatchingHead() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("a/one.txt", "1\n", in: path)
            try writeFile("b/two.txt", "2\n", in: path)
            try runGit(["add", "-A"], in: path)
            try runGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "base"], in: path)
            #expect(try repository.status().isEmpty)

            try writeFile("a/one.txt", "changed\n", in: path)
            try removeFile("b/two.txt", in: path)
            try writeFile("c/three.txt", "3\n", in: path)
            #expect(
                try repository.status() == [
                    StatusEntry(path: "a/one.txt", index: nil, workdir: .modified),
                    StatusEntry(path: "b/two.txt", index: nil, workdir: .deleted),
                    StatusEntry(path: "c/three.txt", index: nil, workdir: .untracked),
                ])
            // A staged change makes the index differ from HEAD: the full comparison reports it.
            try runGit(["add", "a/one.txt"], in: path)
            #expect(try repository.status().first == StatusEntry(path: "a/one.txt", index: .modified, workdir: nil))

            try runGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qam", "ours"], in: path)
            try runGit(["checkout", "-qb", "other", "HEAD~1"], in: path)
            try writeFile("a/one.txt", "theirs\n", in: path)
            try runGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qam", "theirs"], in: path)
            _ = try? runGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "-q", "main"], in: path)
            #expect(try repository.status().contains { $0.path == "a/one.txt" && $0.index == .conflicted })
        }
    }

    @Test("index entries and blob ids agree with git ls-files and git hash-object")
    func indexEntriesAndBlobIDs() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("x.json", "{\"a\": 1}\n", in: path)
            try writeFile("d/y.json", "[]\n", in: path)
            try runGit(["add", "-A"], in: path)
            let listed = try gitLines(["ls-files", "-s"], in: path).map { line -> String in
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return "\(fields[3]) \(fields[1])"
            }
            #expect(try repository.indexEntries().map { "\($0.path) \($0.id)" } == listed)
            let hashed = try runGit(["hash-object", "x.json"], in: path).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(ObjectID(blobHashing: Array("{\"a\": 1}\n".utf8)).description == hashed)
        }
    }
}
