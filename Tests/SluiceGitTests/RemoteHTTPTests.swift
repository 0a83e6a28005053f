import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// Smart HTTP against `git http-backend` behind a local Python server requiring basic auth.
@Suite("HTTP remotes with credentials", .tags(.loopback), .requires(GitHTTPServer.isAvailable, "needs python3 and git http-backend"))
struct RemoteHTTPTests {
    private let user = "x-access-token"
    private let token = "s3cret-token"

    /// Runs `body` with an upstream bare repository under `<root>/served/upstream.git`, served
    /// over HTTP, and a fresh local repository whose `origin` is its URL.
    private func withServedUpstream(
        _ body: (_ server: GitHTTPServer, _ repository: Repository, _ root: String, _ served: String) throws -> Void
    ) throws {
        try withTemporaryDirectory { root in
            let served = root + "/served"
            try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
            let (bare, _) = try makeUpstream(in: root)
            try FileManager.default.moveItem(atPath: bare, toPath: served + "/upstream.git")
            let server = try GitHTTPServer(root: served, user: user, password: token, workDirectory: root)
            defer { server.stop() }
            let (repository, _) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: server.url("upstream.git"))
            try body(server, repository, root, served + "/upstream.git")
        }
    }

    @Test("the right SLUICE_GIT_TOKEN fetches and pushes")
    func tokenFetchesAndPushes() throws {
        try withServedUpstream { server, repository, root, bare in
            let credentials = isolatedCredentials(home: root, ["SLUICE_GIT_TOKEN": token])
            var progressCalls = 0
            let updated = try repository.fetch(remote: "origin", credentials: credentials) { _ in progressCalls += 1 }
            let main = try #require(try lsRemote(bare, in: root)["refs/heads/main"])
            #expect(updated == ["refs/remotes/origin/main": main])
            #expect(progressCalls > 0)

            let path = try #require(repository.workingDirectory)
            try runGit(["reset", "-q", "--hard", "origin/main"], in: path)
            try writeFile("flows/http.json", "{}\n", in: path)
            let commit = try #require(try repository.commitPaths(["flows/http.json"], message: "over http", signature: testSignature))
            try repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
            #expect(try runGit(["--git-dir", bare, "rev-parse", "main"], in: root) == "\(commit)\n")
            #expect(try runGit(["--git-dir", bare, "fsck", "--strict", "--no-dangling"], in: root).isEmpty)

            let advertised = try repository.advertisedReferences(remote: "origin", credentials: credentials)
            #expect(advertised.references["refs/heads/main"] == commit)
            #expect(server.authorizations().contains { $0 != "-" })
        }
    }

    @Test("a wrong token fails with isAuthenticationFailure after one attempt")
    func wrongTokenFailsOnce() throws {
        try withServedUpstream { server, repository, root, _ in
            let credentials = isolatedCredentials(home: root, ["SLUICE_GIT_TOKEN": "wrong"])
            let started = Date()
            let error = try #require(throws: GitError.self) {
                try repository.fetch(remote: "origin", credentials: credentials)
            }
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(error.isAuthenticationFailure)
            #expect(!error.isUnreachable)
            #expect(error.message.contains("SLUICE_GIT_TOKEN"))
            #expect(!error.message.contains("wrong"))
            // One request without credentials, one with the wrong token, then libgit2 gives up.
            let attempts = server.authorizations()
            #expect(attempts.filter { $0 != "-" }.count == 1)
            #expect(attempts.count <= 3)
            #expect(try repository.remoteTrackingBranches().isEmpty)
        }
    }

    @Test("without a token or credential helper the error explains what to set")
    func noCredentials() throws {
        try withServedUpstream { server, repository, root, _ in
            let error = try #require(throws: GitError.self) {
                try repository.fetch(remote: "origin", credentials: isolatedCredentials(home: root))
            }
            #expect(error.isAuthenticationFailure)
            #expect(error.message.contains("SLUICE_GIT_TOKEN"))
            #expect(error.message.contains("credential helper had no answer"))
            #expect(server.authorizations().allSatisfy { $0 == "-" })
        }
    }

    @Test("git's credential helper answers when no token is set")
    func credentialHelper() throws {
        try withServedUpstream { server, repository, root, _ in
            let config = root + "/helper.gitconfig"
            let helper = "!f() { test \"$1\" = get && echo username=\(user) && echo password=\(token); }; f"
            try runGit(["config", "--file", config, "credential.helper", helper], in: root)
            let credentials = isolatedCredentials(home: root, ["GIT_CONFIG_GLOBAL": config])
            let updated = try repository.fetch(remote: "origin", credentials: credentials)
            #expect(updated.keys.sorted() == ["refs/remotes/origin/main"])

            var disabled = credentials
            disabled.usesCredentialHelper = false
            let error = try #require(throws: GitError.self) { try repository.fetch(remote: "origin", credentials: disabled) }
            #expect(error.isAuthenticationFailure)
        }
    }

    @Test("a push the server declines is reported as isRejectedPush")
    func serverDeclinesPush() throws {
        try withServedUpstream { server, repository, root, bare in
            let credentials = isolatedCredentials(home: root, ["SLUICE_GIT_TOKEN": token])
            try repository.fetch(remote: "origin", credentials: credentials)
            let before = try runGit(["--git-dir", bare, "rev-parse", "main"], in: root)
            try runGit(["--git-dir", bare, "config", "receive.denyNonFastForwards", "true"], in: root)

            // An unrelated history, force-pushed: libgit2 lets it through, the server refuses it.
            let path = try #require(repository.workingDirectory)
            try writeFile("flows/other.json", "{}\n", in: path)
            _ = try #require(try repository.commitPaths(["flows/other.json"], message: "unrelated", signature: testSignature))
            let error = try #require(throws: GitError.self) {
                try repository.push(remote: "origin", refspecs: ["+refs/heads/main:refs/heads/main"], credentials: credentials)
            }
            #expect(error.isRejectedPush)
            #expect(error.message.contains("refs/heads/main"))
            #expect(try runGit(["--git-dir", bare, "rev-parse", "main"], in: root) == before)
        }
    }
}
