import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Committing work-tree changes")
struct CommitTests {
    @Test("First commit on an unborn branch is visible to the git CLI")
    func firstCommitOnUnbornBranch() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            #expect(try repository.isHeadUnborn)
            #expect(try repository.currentBranch() == "main")
            #expect(try repository.headCommitID() == nil)

            try writeFile("docs/a.json", "{\"a\": 1}\n", in: path)
            let id = try #require(try repository.commitPaths(["docs/a.json"], message: "first", signature: testSignature))

            #expect(try !repository.isHeadUnborn)
            #expect(try repository.headCommitID() == id)
            #expect(try runGit(["rev-parse", "HEAD"], in: path) == "\(id)\n")
            #expect(try gitLines(["log", "--format=%s"], in: path) == ["first"])
            #expect(try runGit(["show", "HEAD:docs/a.json"], in: path) == "{\"a\": 1}\n")
            #expect(try runGit(["log", "-1", "--format=%an <%ae> %at"], in: path) == "Test Author <test@example.com> 1700000000\n")
            #expect(try runGit(["status", "--porcelain"], in: path).isEmpty)
            #expect(try runGit(["diff-files", "--name-only"], in: path).isEmpty)
            #expect(try fsck(path).isEmpty)

            let info = try repository.commit(id)
            #expect(info.parents.isEmpty)
            #expect(info.message == "first\n")
            #expect(info.summary == "first")
            #expect(info.author == testSignature)
            #expect(try gitLines(["reflog", "--format=%gs", "refs/heads/main"], in: path) == ["commit (initial): first"])
        }
    }

    @Test("Second commit records a modification and a deletion")
    func secondCommitWithModificationAndDeletion() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("keep.json", "1\n", in: path)
            try writeFile("docs/gone.json", "2\n", in: path)
            let first = try #require(try repository.commitPaths(["keep.json", "docs/gone.json"], message: "one", signature: testSignature))

            try writeFile("keep.json", "1 changed\n", in: path)
            try removeFile("docs", in: path)
            let second = try #require(try repository.commitPaths(["keep.json", "docs/gone.json"], message: "two", signature: testSignature))

            #expect(try repository.commit(second).parents == [first])
            #expect(try gitLines(["log", "--format=%s"], in: path) == ["two", "one"])
            #expect(try gitLines(["ls-tree", "-r", "--name-only", "HEAD"], in: path) == ["keep.json"])
            #expect(try gitLines(["diff", "--name-status", "HEAD~1", "HEAD"], in: path) == ["D\tdocs/gone.json", "M\tkeep.json"])
            #expect(try runGit(["status", "--porcelain"], in: path).isEmpty)
            #expect(try fsck(path).isEmpty)
        }
    }

    @Test("Nothing to commit returns nil and leaves HEAD alone")
    func nothingToCommitReturnsNil() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            #expect(try repository.commitPaths([], message: "empty", signature: testSignature) == nil)
            #expect(try repository.isHeadUnborn)

            try writeFile("a.txt", "a\n", in: path)
            let first = try #require(try repository.commitPaths(["a.txt"], message: "one", signature: testSignature))
            #expect(try repository.commitPaths(["a.txt"], message: "again", signature: testSignature) == nil)
            #expect(try repository.commitAll(message: "again", signature: testSignature) == nil)
            #expect(try repository.headCommitID() == first)
            #expect(try gitLines(["log", "--format=%s"], in: path) == ["one"])
        }
    }

    @Test("Committing a path that was never tracked and no longer exists is a no-op")
    func missingUntrackedPath() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("a.txt", "a\n", in: path)
            _ = try #require(try repository.commitPaths(["a.txt"], message: "one", signature: testSignature))
            #expect(try repository.commitPaths(["never/there.json"], message: "x", signature: testSignature) == nil)
        }
    }

    @Test("commitAll adds new and modified files, removes deleted ones and respects .gitignore")
    func commitAllRespectsIgnore() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile(".gitignore", "*.tmp\n", in: path)
            try writeFile("a.txt", "a\n", in: path)
            try writeFile("b.txt", "b\n", in: path)
            _ = try #require(try repository.commitAll(message: "one", signature: testSignature))

            try writeFile("a.txt", "a2\n", in: path)
            try removeFile("b.txt", in: path)
            try writeFile("sub/c.txt", "c\n", in: path)
            try writeFile("sub/scratch.tmp", "junk\n", in: path)
            _ = try #require(try repository.commitAll(message: "two", signature: testSignature))

            #expect(try gitLines(["ls-tree", "-r", "--name-only", "HEAD"], in: path) == [".gitignore", "a.txt", "sub/c.txt"])
            #expect(try runGit(["status", "--porcelain"], in: path).isEmpty)
            #expect(fileExists("sub/scratch.tmp", in: path))
            #expect(try fsck(path).isEmpty)
        }
    }

    @Test("Staging a directory adds its files and drops deleted ones")
    func stageDirectory() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("docs/a.json", "a\n", in: path)
            try writeFile("docs/deep/b.json", "b\n", in: path)
            _ = try #require(try repository.commitPaths(["docs"], message: "one", signature: testSignature))
            #expect(try gitLines(["ls-tree", "-r", "--name-only", "HEAD"], in: path) == ["docs/a.json", "docs/deep/b.json"])

            try removeFile("docs/deep/b.json", in: path)
            try writeFile("docs/c.json", "c\n", in: path)
            _ = try #require(try repository.commitPaths(["docs"], message: "two", signature: testSignature))
            #expect(try gitLines(["ls-tree", "-r", "--name-only", "HEAD"], in: path) == ["docs/a.json", "docs/c.json"])
            #expect(try runGit(["status", "--porcelain"], in: path).isEmpty)
        }
    }

    @Test("Invalid paths are rejected before touching the index")
    func invalidPathsRejected() throws {
        try withTemporaryDirectory { root in
            let (repository, _) = try makeRepository(in: root)
            for bad in ["../outside", "/abs", "a//b", ".git/config", ""] {
                let error = try #require(throws: GitError.self) { try repository.stage(paths: [bad]) }
                #expect(error.description.contains("invalid path"))
            }
        }
    }
}
