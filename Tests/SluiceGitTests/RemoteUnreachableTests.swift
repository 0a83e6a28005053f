import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Unreachable remotes")
struct RemoteUnreachableTests {
    /// Fetches from `url` in a fresh repository under a deadline; returns the GitError thrown.
    private func fetchError(url: String, push: Bool = false) throws -> GitError {
        try withTemporaryDirectory { root in
            let (_, path) = try makeRepository(in: root)
            let credentials = isolatedCredentials(home: root)
            let started = Date()
            let outcome = withDeadline(seconds: 30) { () throws -> Bool in
                let repository = try Repository.open(at: path)
                try repository.addRemote(name: "origin", url: url)
                if push {
                    try repository.push(remote: "origin", refspecs: ["refs/heads/main"], credentials: credentials)
                } else {
                    try repository.fetch(remote: "origin", credentials: credentials)
                }
                return true
            }
            let result = try #require(outcome, "fetch from \(url) did not finish within 30 seconds")
            #expect(Date().timeIntervalSince(started) < 20)
            switch result {
            case .success:
                Issue.record("fetch from \(url) unexpectedly succeeded")
                throw CancellationError()
            case .failure(let error):
                return try #require(error as? GitError)
            }
        }
    }

    @Test("a path that does not exist is isUnreachable")
    func missingPath() throws {
        let error = try fetchError(url: "/nonexistent/sluice/\(UUID().uuidString)/repo.git")
        #expect(error.isUnreachable)
        #expect(!error.isAuthenticationFailure)
        #expect(error.function == "git_remote_connect")
        #expect(error.message.contains("repo.git"))
    }

    @Test("a refused ssh connection fails quickly with isUnreachable, for fetch and push")
    func refusedSSH() throws {
        for push in [false, true] {
            let error = try fetchError(url: "ssh://127.0.0.1:1/x", push: push)
            #expect(error.isUnreachable)
            #expect(!error.isAuthenticationFailure)
            #expect(error.message.contains("127.0.0.1"))
        }
    }

    @Test("a refused http connection is isUnreachable")
    func refusedHTTP() throws {
        let error = try fetchError(url: "http://127.0.0.1:1/repo.git")
        #expect(error.isUnreachable)
    }
}
