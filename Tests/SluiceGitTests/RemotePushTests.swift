import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Pushing")
struct RemotePushTests {
    /// A local repository cloned (by fetching) from the upstream, with `main` at the remote's main.
    private func cloneUpstream(in root: String) throws -> (Repository, String, bare: String, seed: String) {
        let (bare, seed) = try makeUpstream(in: root)
        let (repository, path) = try makeRepository(in: root)
        try repository.addRemote(name: "origin", url: bare)
        try repository.fetch(remote: "origin", credentials: isolatedCredentials(home: root))
        try runGit(["reset", "-q", "--hard", "origin/main"], in: path)
        return (repository, path, bare, seed)
    }

    @Test("a fast-forward push updates the bare repository and the tracking ref")
    func fastForwardPush() throws {
        try withTemporaryDirectory { root in
            let (repository, path, bare, _) = try cloneUpstream(in: root)
            try writeFile("flows/new.json", "{\"new\": true}\n", in: path)
            let commit = try #require(try repository.commitPaths(["flows/new.json"], message: "add new flow", signature: testSignature))

            try repository.push(
                remote: "origin", refspecs: ["refs/heads/main:refs/heads/main", "refs/heads/main:refs/heads/production"],
                credentials: isolatedCredentials(home: root))

            #expect(try runGit(["--git-dir", bare, "log", "-1", "--format=%H %s", "main"], in: root) == "\(commit) add new flow\n")
            #expect(try runGit(["--git-dir", bare, "rev-parse", "production"], in: root) == "\(commit)\n")
            #expect(try runGit(["--git-dir", bare, "fsck", "--strict", "--no-dangling"], in: root).isEmpty)
            #expect(try repository.resolveReference("refs/remotes/origin/main") == commit)
        }
    }

    @Test("a non-fast-forward push is rejected with isRejectedPush and leaves the remote unchanged")
    func nonFastForwardRejected() throws {
        try withTemporaryDirectory { root in
            let (repository, path, bare, seed) = try cloneUpstream(in: root)
            // Someone else pushes first.
            let theirs = try #require(try cliCommit("flows/theirs.json", "{}\n", message: "theirs", in: seed))
            try runGit(["push", "-q", "origin", "main"], in: seed)
            try writeFile("flows/mine.json", "{}\n", in: path)
            _ = try #require(try repository.commitPaths(["flows/mine.json"], message: "mine", signature: testSignature))

            let credentials = isolatedCredentials(home: root)
            let missingLocally = try #require(throws: GitError.self) {
                try repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
            }
            #expect(missingLocally.isRejectedPush)
            #expect(!missingLocally.isUnreachable)
            #expect(try runGit(["--git-dir", bare, "rev-parse", "main"], in: root) == "\(theirs)\n")

            // After fetching, libgit2 has the remote commit and still refuses the non-fast-forward.
            try repository.fetch(remote: "origin", credentials: credentials)
            let notDescendant = try #require(throws: GitError.self) {
                try repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
            }
            #expect(notDescendant.isRejectedPush)
            #expect(notDescendant.message.contains("fetch and merge"))
            #expect(try runGit(["--git-dir", bare, "rev-parse", "main"], in: root) == "\(theirs)\n")
            #expect(try runGit(["--git-dir", bare, "fsck", "--strict", "--no-dangling"], in: root).isEmpty)
        }
    }

    @Test("an empty refspec list and an unknown remote are refused")
    func refusals() throws {
        try withTemporaryDirectory { root in
            let (repository, _, _, _) = try cloneUpstream(in: root)
            let empty = try #require(throws: GitError.self) {
                try repository.push(remote: "origin", refspecs: [], credentials: isolatedCredentials(home: root))
            }
            #expect(empty.code == -12)
            let unknown = try #require(throws: GitError.self) {
                try repository.push(remote: "elsewhere", refspecs: ["refs/heads/main"], credentials: isolatedCredentials(home: root))
            }
            #expect(unknown.isNotFound)
        }
    }
}
