import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Fetching")
struct RemoteFetchTests {
    @Test("fetch by plain path and by file:// URL creates tracking refs matching git ls-remote", arguments: [false, true])
    func fetchCreatesTrackingRefs(fileURL: Bool) throws {
        try withTemporaryDirectory { root in
            let (bare, seed) = try makeUpstream(in: root)
            try runGit(["push", "-q", "origin", "main:refs/heads/production"], in: seed)
            let (repository, path) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: fileURL ? "file://" + bare : bare)

            var reports: [TransferProgress] = []
            let updated = try repository.fetch(remote: "origin", credentials: isolatedCredentials(home: root)) {
                reports.append($0)
            }

            let remote = try lsRemote(bare, in: root)
            let main = try #require(remote["refs/heads/main"])
            let production = try #require(remote["refs/heads/production"])
            #expect(updated == ["refs/remotes/origin/main": main, "refs/remotes/origin/production": production])
            #expect(try repository.resolveReference("refs/remotes/origin/main") == main)
            #expect(try repository.remoteTrackingBranches() == ["origin/main", "origin/production"])
            #expect(try runGit(["rev-parse", "origin/production"], in: path) == "\(production)\n")
            #expect(try runGit(["cat-file", "-p", "origin/main:flows/a.json"], in: path) == "{\"a\": 1}\n")
            #expect(try fsck(path).isEmpty)

            #expect(!reports.isEmpty)
            let last = try #require(reports.last)
            #expect(last.totalObjects > 0)
            #expect(last.receivedObjects == last.totalObjects)

            // Nothing new: nothing reported as updated.
            #expect(try repository.fetch(remote: "origin", credentials: isolatedCredentials(home: root)).isEmpty)
        }
    }

    @Test("a second fetch moves tracking refs and prunes a branch deleted on the remote")
    func fetchMovesAndPrunes() throws {
        try withTemporaryDirectory { root in
            let (bare, seed) = try makeUpstream(in: root)
            try runGit(["push", "-q", "origin", "main:refs/heads/topic"], in: seed)
            let (repository, path) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: bare)
            let credentials = isolatedCredentials(home: root)
            try repository.fetch(remote: "origin", credentials: credentials)
            #expect(try repository.remoteTrackingBranches() == ["origin/main", "origin/topic"])

            let second = try #require(try cliCommit("flows/b.json", "{}\n", message: "second", in: seed))
            try runGit(["push", "-q", "origin", "main"], in: seed)
            try runGit(["push", "-q", "origin", "--delete", "topic"], in: seed)

            let updated = try repository.fetch(remote: "origin", credentials: credentials)
            #expect(updated == ["refs/remotes/origin/main": second])
            #expect(try repository.remoteTrackingBranches() == ["origin/main"])
            #expect(try repository.resolveReference("refs/remotes/origin/topic") == nil)
            #expect(try runGit(["for-each-ref", "--format=%(refname)", "refs/remotes"], in: path) == "refs/remotes/origin/main\n")
        }
    }

    @Test("fetch(url:refspecs:) imports one branch without configuring a remote")
    func fetchByURLWithRefspecs() throws {
        try withTemporaryDirectory { root in
            let (bare, seed) = try makeUpstream(in: root)
            let production = try #require(try cliCommit("flows/p.json", "{}\n", message: "prod", in: seed))
            try runGit(["push", "-q", "origin", "HEAD:refs/heads/production"], in: seed)
            try runGit(["tag", "v1"], in: seed)
            try runGit(["push", "-q", "origin", "v1"], in: seed)
            let (repository, path) = try makeRepository(in: root)

            let updated = try repository.fetch(
                url: bare, refspecs: ["+refs/heads/production:refs/sluice/import/production"],
                credentials: isolatedCredentials(home: root))
            #expect(updated == ["refs/sluice/import/production": production])
            #expect(try repository.resolveReference("refs/sluice/import/production") == production)
            #expect(try repository.remotes().isEmpty)
            #expect(try runGit(["for-each-ref", "--format=%(refname)"], in: path) == "refs/sluice/import/production\n")
            // libgit2 1.5 still creates FETCH_HEAD when told not to update it, but leaves it empty.
            let fetchHead = FileManager.default.contents(atPath: path + "/.git/FETCH_HEAD") ?? Data()
            #expect(fetchHead.isEmpty)

            let none = try #require(throws: GitError.self) {
                try repository.fetch(url: bare, refspecs: [], credentials: isolatedCredentials(home: root))
            }
            #expect(none.code == -12)
        }
    }

    @Test("fetch from an unknown remote name is isNotFound")
    func unknownRemote() throws {
        try withTemporaryDirectory { root in
            let (repository, _) = try makeRepository(in: root)
            let error = try #require(throws: GitError.self) {
                try repository.fetch(remote: "nowhere", credentials: isolatedCredentials(home: root))
            }
            #expect(error.isNotFound)
            #expect(!error.isUnreachable)
        }
    }
}
