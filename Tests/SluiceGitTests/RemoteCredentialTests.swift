import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceGit

@Suite("Credential selection")
struct RemoteCredentialTests {
    /// libgit2's credential type bits, taken from the methods that produce them.
    private let sshKeyType = CredentialMethod.sshAgent(username: "").credentialType
    private let userpassType = CredentialMethod.credentialHelper.credentialType

    @Test("https: the token first, with SLUICE_GIT_USER, the URL user or x-access-token; else the helper")
    func httpsMethods() {
        let url = "https://git.example.com/team/flows.git"
        let token = Credentials(environment: ["SLUICE_GIT_TOKEN": "t0k"])
        #expect(token.methods(forURL: url, username: nil) == [.token(username: "x-access-token", token: "t0k")])
        #expect(token.methods(forURL: url, username: "alice") == [.token(username: "alice", token: "t0k")])
        let named = Credentials(environment: ["SLUICE_GIT_TOKEN": "t0k", "SLUICE_GIT_USER": "oauth2"])
        #expect(named.methods(forURL: url, username: "alice") == [.token(username: "oauth2", token: "t0k")])

        let none = Credentials(environment: ["SLUICE_GIT_TOKEN": ""])
        #expect(none.methods(forURL: url, username: nil) == [.credentialHelper])
        var noHelper = none
        noHelper.usesCredentialHelper = false
        #expect(noHelper.methods(forURL: "http://127.0.0.1:8080/x", username: nil).isEmpty)

        #expect(!CredentialMethod.token(username: "u", token: "t0k").description.contains("t0k"))
    }

    @Test("ssh: the agent, then existing key files in order ed25519, ecdsa, rsa")
    func sshMethods() throws {
        try withTemporaryDirectory { home in
            try writeFile(".ssh/id_rsa", "private", in: home)
            try writeFile(".ssh/id_ed25519", "private", in: home)
            try writeFile(".ssh/id_ed25519.pub", "public", in: home)
            try writeFile("agent.sock", "", in: home)
            let url = "git@git.example.com:team/flows.git"

            let withAgent = Credentials(environment: ["HOME": home, "SSH_AUTH_SOCK": home + "/agent.sock", "USER": "me"])
            #expect(
                withAgent.methods(forURL: url, username: "git") == [
                    .sshAgent(username: "git"),
                    .sshKey(username: "git", privateKeyPath: home + "/.ssh/id_ed25519", publicKeyPath: home + "/.ssh/id_ed25519.pub"),
                    .sshKey(username: "git", privateKeyPath: home + "/.ssh/id_rsa", publicKeyPath: nil),
                ])
            // Without a user in the URL: USER, else LOGNAME, else git.
            #expect(withAgent.methods(forURL: "ssh://host/x", username: nil).first == .sshAgent(username: "me"))
            #expect(Credentials(environment: ["LOGNAME": "log"]).sshUsername == "log")
            #expect(Credentials(environment: [:]).sshUsername == "git")

            let deadAgent = Credentials(environment: ["HOME": home, "SSH_AUTH_SOCK": home + "/missing.sock"])
            #expect(deadAgent.methods(forURL: url, username: "git").count == 2)
            #expect(Credentials(environment: [:]).methods(forURL: url, username: "git").isEmpty)
            // Tokens are never sent over ssh; ssh keys never over https; nothing for local paths.
            let all = Credentials(environment: ["HOME": home, "SLUICE_GIT_TOKEN": "t"])
            #expect(all.methods(forURL: url, username: "git").allSatisfy { $0.credentialType == sshKeyType })
            #expect(all.methods(forURL: "https://h/x", username: nil) == [.token(username: "x-access-token", token: "t")])
            #expect(all.methods(forURL: "/srv/git/x.git", username: nil).isEmpty)
            #expect(all.methods(forURL: "file:///srv/git/x.git", username: nil).isEmpty)
        }
    }

    @Test(
        "passphrase-protected key files are skipped",
        .requires(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "needs ssh-keygen (openssh-client)"))
    func encryptedKeysSkipped() throws {
        try withTemporaryDirectory { home in
            try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            for (name, passphrase) in [("id_ed25519", "secret"), ("id_ecdsa", ""), ("id_rsa", "secret")] {
                let type = name == "id_ecdsa" ? "ecdsa" : (name == "id_rsa" ? "rsa" : "ed25519")
                try runProgram("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", home + "/.ssh/" + name])
            }
            try writeFile(".ssh/legacy", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n", in: home)
            #expect(SSHKeyFile.isEncrypted(try String(contentsOfFile: home + "/.ssh/legacy", encoding: .utf8)))
            #expect(!SSHKeyFile.isEncrypted("not a key"))
            let methods = Credentials(environment: ["HOME": home]).methods(forURL: "git@h:x", username: "git")
            #expect(methods == [.sshKey(username: "git", privateKeyPath: home + "/.ssh/id_ecdsa", publicKeyPath: home + "/.ssh/id_ecdsa.pub")])
        }
    }

    @Test("each method is offered once, only when libgit2 allows its type, then the callback gives up")
    func attemptsAreBounded() {
        let methods: [CredentialMethod] = [
            .sshAgent(username: "git"),
            .sshKey(username: "git", privateKeyPath: "/k1", publicKeyPath: nil),
            .sshKey(username: "git", privateKeyPath: "/k2", publicKeyPath: nil),
        ]
        let sshKey = sshKeyType.rawValue | 1 << 2  // also GIT_CREDENTIAL_SSH_CUSTOM
        var attempts = CredentialAttempts()
        #expect(attempts.next(from: methods, allowedTypes: userpassType.rawValue) == nil)
        #expect(attempts.next(from: methods, allowedTypes: sshKey) == methods[0])
        #expect(attempts.next(from: methods, allowedTypes: sshKey) == methods[1])
        #expect(attempts.next(from: methods, allowedTypes: sshKey) == methods[2])
        #expect(attempts.next(from: methods, allowedTypes: sshKey) == nil)
        #expect(attempts.next(from: methods, allowedTypes: sshKey) == nil)
        #expect(attempts.tried == methods)

        // A hard stop even if the method list kept changing.
        var endless = CredentialAttempts()
        var offered = 0
        for index in 0..<100 {
            let fresh = [CredentialMethod.token(username: "u", token: "\(index)")]
            if endless.next(from: fresh, allowedTypes: userpassType.rawValue) != nil { offered += 1 }
        }
        #expect(offered == CredentialAttempts.maximumCalls)
    }

    @Test("URLs are classified like libgit2 does")
    func transports() {
        #expect(RemoteTransport(url: "https://h/x") == .http)
        #expect(RemoteTransport(url: "HTTP://h/x") == .http)
        #expect(RemoteTransport(url: "ssh://git@h:22/x") == .ssh)
        #expect(RemoteTransport(url: "git+ssh://h/x") == .ssh)
        #expect(RemoteTransport(url: "git@github.com:team/flows.git") == .ssh)
        #expect(RemoteTransport(url: "host:path") == .ssh)
        #expect(RemoteTransport(url: "/srv/git/x.git") == .local)
        #expect(RemoteTransport(url: "./a:b") == .local)
        #expect(RemoteTransport(url: "file:///srv/x") == .local)
        #expect(RemoteTransport(url: "C:/repo") == .local)
    }

    @Test("ssh addresses: user, host and port from ssh:// and scp-like URLs")
    func sshAddresses() {
        #expect(SSHAddress(url: "ssh://git@host.example:2222/x.git") == SSHAddress(user: "git", host: "host.example", port: 2222))
        #expect(SSHAddress(url: "ssh://host.example/x.git") == SSHAddress(user: nil, host: "host.example", port: 22))
        #expect(SSHAddress(url: "ssh://[::1]:2200/x") == SSHAddress(user: nil, host: "::1", port: 2200))
        #expect(SSHAddress(url: "git@github.com:team/flows@v1.git") == SSHAddress(user: "git", host: "github.com", port: 22))
        #expect(SSHAddress(url: "https://h/x") == nil)
        #expect(SSHAddress(url: "ssh://git@host:2222/x")?.sshCommand == "ssh -p 2222 host")
        #expect(SSHAddress(url: "git@host:x")?.sshCommand == "ssh host")
    }

    @Test("credential helper output, URL passwords and classification helpers")
    func helpersAndErrors() {
        #expect(CredentialHelper.parse("protocol=https\nhost=h\nusername=bob\npassword=pw\n") == .init(username: "bob", password: "pw"))
        #expect(CredentialHelper.parse("username=bob\n") == nil)
        #expect(CredentialHelper.withoutPassword("https://bob:pw@h/x") == "https://bob@h/x")
        #expect(CredentialHelper.withoutPassword("https://h/a@b") == "https://h/a@b")
        #expect(CredentialHelper.fill(url: "https://h/x\nhost=evil", environment: [:]) == nil)
        let session = RemoteSession(url: "https://bob:pw@h/x", credentials: Credentials(environment: [:]))
        #expect(session.displayURL == "https://bob:***@h/x")

        let auth = GitError(code: -16, errorClass: 12, message: "", function: "git_remote_connect")
        #expect(auth.isAuthenticationFailure && !auth.isUnreachable)
        let certificate = GitError(code: -17, errorClass: 23, message: "", function: "git_remote_connect")
        #expect(certificate.isCertificateFailure && !certificate.isUnreachable)
        #expect(GitError(code: -1, errorClass: 2, message: "", function: "git_remote_connect").isUnreachable)
        #expect(GitError(code: -1, errorClass: 12, message: "", function: "git_remote_fetch").isUnreachable)
        #expect(!GitError(code: -1, errorClass: 3, message: "", function: "git_remote_fetch").isUnreachable)
        #expect(GitError(code: -11, errorClass: 4, message: "", function: "git_remote_push").isRejectedPush)
    }
}
