import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Configured remotes")
struct RemoteConfigTests {
    @Test("add, list, look up and remove remotes; the git CLI agrees")
    func addListRemove() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            #expect(try repository.remotes().isEmpty)
            #expect(try repository.remote(named: "origin") == nil)

            try repository.addRemote(name: "origin", url: "https://example.com/team/flows.git")
            try repository.addRemote(name: "backup", url: "/srv/git/flows.git")
            #expect(
                try repository.remotes() == [
                    Remote(name: "backup", url: "/srv/git/flows.git"),
                    Remote(name: "origin", url: "https://example.com/team/flows.git"),
                ])
            #expect(try repository.remote(named: "origin")?.url == "https://example.com/team/flows.git")
            #expect(try runGit(["remote", "get-url", "origin"], in: path) == "https://example.com/team/flows.git\n")
            #expect(try runGit(["config", "remote.origin.fetch"], in: path) == "+refs/heads/*:refs/remotes/origin/*\n")

            try repository.removeRemote(name: "backup")
            #expect(try repository.remotes().map(\.name) == ["origin"])
            #expect(try gitLines(["remote"], in: path) == ["origin"])

            let missing = try #require(throws: GitError.self) { try repository.removeRemote(name: "backup") }
            #expect(missing.isNotFound)
        }
    }

    @Test("a duplicate name, an invalid name and an empty URL are refused")
    func refusals() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: "/a")

            let duplicate = try #require(throws: GitError.self) { try repository.addRemote(name: "origin", url: "/b") }
            #expect(duplicate.isConflictingUpdate)
            #expect(duplicate.message.contains("origin"))
            #expect(try repository.remote(named: "origin")?.url == "/a")

            let invalid = try #require(throws: GitError.self) { try repository.addRemote(name: "bad name..", url: "/b") }
            #expect(invalid.code == -12)
            let empty = try #require(throws: GitError.self) { try repository.addRemote(name: "other", url: "") }
            #expect(empty.code == -12)
            #expect(try gitLines(["remote"], in: path) == ["origin"])
        }
    }

    @Test("removing a remote deletes its tracking references")
    func removeDeletesTrackingRefs() throws {
        try withTemporaryDirectory { root in
            let (bare, _) = try makeUpstream(in: root)
            let (repository, path) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: bare)
            try repository.fetch(remote: "origin", credentials: isolatedCredentials(home: root))
            #expect(try repository.remoteTrackingBranches() == ["origin/main"])
            try repository.removeRemote(name: "origin")
            #expect(try repository.remoteTrackingBranches().isEmpty)
            #expect(try runGit(["for-each-ref", "refs/remotes"], in: path).isEmpty)
        }
    }

    @Test("advertisedReferences lists the remote's branches and default branch without fetching")
    func advertisedReferences() throws {
        try withTemporaryDirectory { root in
            let (bare, seed) = try makeUpstream(in: root)
            try runGit(["push", "-q", "origin", "main:refs/heads/production"], in: seed)
            let (repository, _) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: bare)
            let credentials = isolatedCredentials(home: root)

            let advertisement = try repository.advertisedReferences(remote: "origin", credentials: credentials)
            let expected = try lsRemote(bare, in: root)
            #expect(advertisement.references == expected)
            #expect(advertisement.defaultBranch == "refs/heads/main")
            #expect(Set(advertisement.branches.keys) == ["main", "production"])
            #expect(try repository.remoteTrackingBranches().isEmpty)

            let byURL = try repository.advertisedReferences(url: "file://" + bare, credentials: credentials)
            #expect(byURL.references == expected)
        }
    }
}
