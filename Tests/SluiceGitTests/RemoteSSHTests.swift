import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// ssh remotes against a real OpenSSH server on loopback: key exchange, host key checks and public-key login.
@Suite(
    "ssh remotes against sshd", .tags(.loopback, .slow),
    .requires(SSHServer.isAvailable, "needs /usr/sbin/sshd (openssh-server; `make deps` installs it)"))
struct RemoteSSHTests {
    /// A served upstream, a local repository whose `origin` is its ssh URL, and a home folder with the client key.
    private func withServedUpstream(
        knownHosts: (SSHServer) -> String, clientKeyAccepted: Bool = true,
        _ body: (_ repository: Repository, _ credentials: Credentials, _ root: String, _ bare: String) throws -> Void
    ) throws {
        try withTemporaryDirectory { root in
            let home = root + "/home"
            try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            try SSHServer.generateKey(at: home + "/.ssh/id_ed25519")
            let clientKey = try String(contentsOfFile: home + "/.ssh/id_ed25519.pub", encoding: .utf8)
            var authorized: [String] = []
            if clientKeyAccepted {
                authorized.append(clientKey)
            } else {
                try SSHServer.generateKey(at: root + "/other_key")
                authorized.append(try String(contentsOfFile: root + "/other_key.pub", encoding: .utf8))
            }
            let server = try SSHServer(directory: root + "/sshd", authorizedKeys: authorized)
            defer { server.stop() }
            try Data((knownHosts(server) + "\n").utf8).write(to: URL(fileURLWithPath: home + "/.ssh/known_hosts"))
            let (bare, _) = try makeUpstream(in: root)
            let (repository, _) = try makeRepository(in: root)
            try repository.addRemote(name: "origin", url: server.url(bare))
            var credentials = isolatedCredentials(home: home, ["USER": server.user])
            credentials.knownHostsFiles = [home + "/.ssh/known_hosts"]
            try body(repository, credentials, root, bare)
        }
    }

    @Test("a key from ~/.ssh and a known host key fetch and push over ssh")
    func fetchAndPush() throws {
        try withServedUpstream(knownHosts: \.knownHostsLine) { repository, credentials, root, bare in
            let updated = try repository.fetch(remote: "origin", credentials: credentials)
            let main = try #require(try lsRemote(bare, in: root)["refs/heads/main"])
            #expect(updated == ["refs/remotes/origin/main": main])

            let path = try #require(repository.workingDirectory)
            try runGit(["reset", "-q", "--hard", "origin/main"], in: path)
            try writeFile("flows/ssh.json", "{}\n", in: path)
            let commit = try #require(try repository.commitPaths(["flows/ssh.json"], message: "over ssh", signature: testSignature))
            try repository.push(remote: "origin", refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
            #expect(try runGit(["--git-dir", bare, "rev-parse", "main"], in: root) == "\(commit)\n")
            #expect(try runGit(["--git-dir", bare, "fsck", "--strict", "--no-dangling"], in: root).isEmpty)
        }
    }

    @Test("a host key missing from known_hosts, or a different one, is refused with a line that says so")
    func unknownOrChangedHostKey() throws {
        try withServedUpstream(knownHosts: { _ in "" }) { repository, credentials, _, _ in
            let error = try #require(throws: GitError.self) { try repository.fetch(remote: "origin", credentials: credentials) }
            #expect(error.isCertificateFailure)
            #expect(error.message.contains("is not in known_hosts") && !error.message.contains("\n"), "\(error.message)")
        }
        let impostor = "AAAAC3NzaC1lZDI1NTE5AAAAIHh0zuHkT1S7o3Xr8Xyvbh3kjBJqRNb0Y1m9Tq0n0k2L"
        try withServedUpstream(knownHosts: { "[127.0.0.1]:\($0.port) ssh-ed25519 \(impostor)" }) { repository, credentials, _, _ in
            let error = try #require(throws: GitError.self) { try repository.fetch(remote: "origin", credentials: credentials) }
            #expect(error.isCertificateFailure)
            #expect(error.message.contains("differs from the one in known_hosts"), "\(error.message)")
        }
    }

    @Test("a key the server does not accept fails as an authentication failure, without prompting")
    func rejectedKey() throws {
        try withServedUpstream(knownHosts: \.knownHostsLine, clientKeyAccepted: false) { repository, credentials, _, _ in
            let error = try #require(throws: GitError.self) { try repository.fetch(remote: "origin", credentials: credentials) }
            #expect(error.isAuthenticationFailure, "\(error)")
        }
    }
}
