import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("References and branches")
struct ReferenceTests {
    /// A repository with two commits on main: returns (repository, path, first, second).
    private func twoCommits(in root: String) throws -> (Repository, String, ObjectID, ObjectID) {
        let (repository, path) = try makeRepository(in: root)
        try writeFile("a.txt", "1\n", in: path)
        let first = try #require(try repository.commitPaths(["a.txt"], message: "one", signature: testSignature))
        try writeFile("a.txt", "2\n", in: path)
        let second = try #require(try repository.commitPaths(["a.txt"], message: "two", signature: testSignature))
        return (repository, path, first, second)
    }

    @Test("Compare-and-swap rejects a stale expectation and leaves the reference untouched")
    func casRejectsStaleExpectation() throws {
        try withTemporaryDirectory { root in
            let (repository, path, first, second) = try twoCommits(in: root)

            let stale = try #require(throws: GitError.self) {
                try repository.updateReference("refs/heads/main", to: first, expected: first, logMessage: "stale")
            }
            #expect(stale.isConflictingUpdate)
            #expect(try runGit(["rev-parse", "refs/heads/main"], in: path) == "\(second)\n")

            let mustNotExist = try #require(throws: GitError.self) {
                try repository.updateReference("refs/heads/main", to: first, expected: nil, logMessage: "create")
            }
            #expect(mustNotExist.isConflictingUpdate)

            let missing = try #require(throws: GitError.self) {
                try repository.updateReference("refs/heads/absent", to: first, expected: second, logMessage: "x")
            }
            #expect(missing.isConflictingUpdate)
            #expect(try repository.resolveReference("refs/heads/absent") == nil)

            try repository.updateReference("refs/heads/main", to: first, expected: second, logMessage: "rewind")
            #expect(try runGit(["rev-parse", "refs/heads/main"], in: path) == "\(first)\n")
            #expect(try runGit(["reflog", "-1", "--format=%gs", "refs/heads/main"], in: path) == "rewind\n")

            try repository.updateReference("refs/sluice/new", to: second, expected: nil, logMessage: "create")
            #expect(try runGit(["rev-parse", "refs/sluice/new"], in: path) == "\(second)\n")
        }
    }

    @Test("deleteReference checks the expected value")
    func deleteReferenceChecksExpectation() throws {
        try withTemporaryDirectory { root in
            let (repository, path, first, second) = try twoCommits(in: root)
            try repository.createBranch("topic", at: second)

            let stale = try #require(throws: GitError.self) {
                try repository.deleteReference("refs/heads/topic", expected: first)
            }
            #expect(stale.isConflictingUpdate)
            #expect(try runGit(["rev-parse", "refs/heads/topic"], in: path) == "\(second)\n")

            try repository.deleteReference("refs/heads/topic", expected: second)
            #expect(try repository.branches() == ["main"])
            #expect(throws: GitCLIError.self) { try runGit(["rev-parse", "--verify", "--quiet", "refs/heads/topic"], in: path) }

            let missing = try #require(throws: GitError.self) {
                try repository.deleteReference("refs/heads/topic", expected: nil)
            }
            #expect(missing.isNotFound)
        }
    }

    @Test("resolveReference accepts full names, short names and HEAD")
    func resolveReferenceNames() throws {
        try withTemporaryDirectory { root in
            let (repository, path, first, second) = try twoCommits(in: root)
            try runGit(["tag", "v1", "\(first)"], in: path)
            #expect(try repository.resolveReference("HEAD") == second)
            #expect(try repository.resolveReference("main") == second)
            #expect(try repository.resolveReference("refs/heads/main") == second)
            #expect(try repository.resolveReference("v1") == first)
            #expect(try repository.resolveReference("refs/tags/v1") == first)
            #expect(try repository.resolveReference("nope") == nil)
            #expect(try repository.resolveReference("refs/heads/nope") == nil)
        }
    }

    @Test("Branches: create, list, switch with setHead and checkout")
    func branchesAndCheckout() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("a.txt", "a\n", in: path)
            let base = try #require(try repository.commitPaths(["a.txt"], message: "base", signature: testSignature))

            try repository.createBranch("feature", at: base)
            #expect(try repository.branches() == ["feature", "main"])
            let duplicate = try #require(throws: GitError.self) { try repository.createBranch("feature", at: base) }
            #expect(duplicate.isConflictingUpdate)

            try repository.setHead(branch: "feature")
            #expect(try repository.currentBranch() == "feature")
            #expect(try runGit(["branch", "--show-current"], in: path) == "feature\n")
            try writeFile("b.txt", "b\n", in: path)
            let featureCommit = try #require(try repository.commitPaths(["b.txt"], message: "feature work", signature: testSignature))
            #expect(try repository.resolveReference("feature") == featureCommit)
            #expect(try repository.resolveReference("main") == base)

            try repository.checkout(commit: base, force: true)
            try repository.setHead(branch: "main")
            #expect(!fileExists("b.txt", in: path))
            #expect(fileExists("a.txt", in: path))
            #expect(try runGit(["branch", "--show-current"], in: path) == "main\n")
            #expect(try runGit(["status", "--porcelain"], in: path).isEmpty)

            try repository.checkout(commit: featureCommit, force: false)
            try repository.setHead(branch: "feature")
            #expect(try String(contentsOfFile: path + "/b.txt", encoding: .utf8) == "b\n")
            #expect(try runGit(["status", "--porcelain"], in: path).isEmpty)
        }
    }

    @Test("A safe checkout refuses to overwrite local changes; a forced one discards them")
    func safeCheckoutRefusesLocalChanges() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("a.txt", "1\n", in: path)
            let first = try #require(try repository.commitPaths(["a.txt"], message: "one", signature: testSignature))
            try writeFile("a.txt", "2\n", in: path)
            _ = try #require(try repository.commitPaths(["a.txt"], message: "two", signature: testSignature))
            try writeFile("a.txt", "local edit\n", in: path)

            #expect(throws: GitError.self) { try repository.checkout(commit: first, force: false) }
            #expect(try String(contentsOfFile: path + "/a.txt", encoding: .utf8) == "local edit\n")

            try repository.checkout(commit: first, force: true)
            #expect(try String(contentsOfFile: path + "/a.txt", encoding: .utf8) == "1\n")
        }
    }

    @Test("Unborn branch switch, detached HEAD and remote-tracking branches")
    func unbornDetachedAndRemoteTracking() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try repository.setHead(branch: "trunk")
            #expect(try repository.currentBranch() == "trunk")
            #expect(try repository.isHeadUnborn)
            try writeFile("a.txt", "a\n", in: path)
            let id = try #require(try repository.commitPaths(["a.txt"], message: "one", signature: testSignature))
            #expect(try repository.branches() == ["trunk"])

            try runGit(["update-ref", "refs/remotes/origin/main", "\(id)"], in: path)
            try runGit(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"], in: path)
            #expect(try repository.remoteTrackingBranches() == ["origin/main"])
            #expect(try repository.resolveReference("origin/main") == id)

            try runGit(["checkout", "--detach", "-q"], in: path)
            #expect(try repository.currentBranch() == nil)
            #expect(try repository.headCommitID() == id)
            try writeFile("b.txt", "b\n", in: path)
            let detached = try #require(try repository.commitPaths(["b.txt"], message: "detached", signature: testSignature))
            #expect(try runGit(["rev-parse", "HEAD"], in: path) == "\(detached)\n")
            #expect(try repository.resolveReference("trunk") == id)
        }
    }
}
