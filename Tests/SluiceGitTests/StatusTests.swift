import Foundation
import SluiceGit
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
}
