import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceGit

@Suite("known_hosts parsing and matching")
struct RemoteKnownHostsTests {
    /// An ssh wire-format key blob: the type name, then `payload`, each length-prefixed.
    private func blob(_ type: String, _ payload: UInt8) -> [UInt8] {
        func field(_ bytes: [UInt8]) -> [UInt8] {
            let count = UInt32(bytes.count)
            return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + bytes
        }
        return field(Array(type.utf8)) + field([UInt8](repeating: payload, count: 32))
    }

    private func line(_ hosts: String, _ key: [UInt8], marker: String = "") -> String {
        let type = KnownHosts.keyType(of: key) ?? "?"
        return "\(marker)\(marker.isEmpty ? "" : " ")\(hosts) \(type) \(Data(key).base64EncodedString()) comment"
    }

    @Test("a plain entry trusts its key; another key of the same type is a change; other hosts are unknown")
    func plainEntries() {
        let key = blob("ssh-ed25519", 1)
        let hosts = KnownHosts(contents: line("git.example.com,10.0.0.5", key))
        #expect(hosts.verify(host: "git.example.com", port: 22, key: key) == .trusted)
        #expect(hosts.verify(host: "GIT.Example.COM", port: 22, key: key) == .trusted)
        #expect(hosts.verify(host: "10.0.0.5", port: 22, key: key) == .trusted)
        #expect(hosts.verify(host: "git.example.com", port: 22, key: blob("ssh-ed25519", 2)) == .changed)
        #expect(hosts.verify(host: "git.example.com", port: 22, key: blob("ssh-rsa", 1)) == .unknown)
        #expect(hosts.verify(host: "other.example.com", port: 22, key: key) == .unknown)
        #expect(KnownHosts.keyType(of: key) == "ssh-ed25519")
    }

    @Test("non-standard ports use [host]:port entries")
    func ports() {
        let key = blob("ecdsa-sha2-nistp256", 3)
        let hosts = KnownHosts(contents: line("[git.example.com]:2222", key))
        #expect(hosts.verify(host: "git.example.com", port: 2222, key: key) == .trusted)
        #expect(hosts.verify(host: "git.example.com", port: 22, key: key) == .unknown)
        let plain = KnownHosts(contents: line("git.example.com", key))
        #expect(plain.verify(host: "git.example.com", port: 2222, key: key) == .unknown)
    }

    @Test("wildcards, negation and markers")
    func patternsAndMarkers() {
        let key = blob("ssh-ed25519", 4)
        let hosts = KnownHosts(contents: line("!bad.example.com,*.example.com,git?.corp", key))
        #expect(hosts.verify(host: "git.example.com", port: 22, key: key) == .trusted)
        #expect(hosts.verify(host: "a.b.example.com", port: 22, key: key) == .trusted)
        #expect(hosts.verify(host: "bad.example.com", port: 22, key: key) == .unknown)
        #expect(hosts.verify(host: "example.com", port: 22, key: key) == .unknown)
        #expect(hosts.verify(host: "git1.corp", port: 22, key: key) == .trusted)
        #expect(hosts.verify(host: "git12.corp", port: 22, key: key) == .unknown)

        let revoked = KnownHosts(contents: [line("h", key), line("h", key, marker: "@revoked")].joined(separator: "\n"))
        #expect(revoked.verify(host: "h", port: 22, key: key) == .revoked)
        let authority = KnownHosts(contents: line("h", key, marker: "@cert-authority"))
        #expect(authority.verify(host: "h", port: 22, key: key) == .unknown)
    }

    @Test("hashed entries, comments and malformed lines are skipped")
    func skippedLines() {
        let key = blob("ssh-ed25519", 5)
        let base64 = Data(key).base64EncodedString()
        let text = """
            # a comment

            |1|c2FsdHNhbHRzYWx0c2FsdHNhbHQ=|aGFzaGhhc2hoYXNoaGFzaGhhc2g= ssh-ed25519 \(base64)
            h ssh-ed25519
            h ssh-ed25519 !!not-base64!!
            h ssh-rsa \(base64)
            \tspaced.example.com\tssh-ed25519\t\(base64)
            """
        let hosts = KnownHosts(contents: text)
        #expect(hosts.verify(host: "h", port: 22, key: key) == .unknown)
        #expect(hosts.verify(host: "spaced.example.com", port: 22, key: key) == .trusted)
    }

    @Test("files are read in order and missing ones ignored")
    func files() throws {
        try withTemporaryDirectory { root in
            let first = blob("ssh-ed25519", 6)
            let second = blob("ssh-rsa", 7)
            try writeFile("a", line("one", first) + "\n", in: root)
            try writeFile("b", line("two", second), in: root)
            let hosts = KnownHosts(files: [root + "/a", root + "/missing", root + "/b"])
            #expect(hosts.verify(host: "one", port: 22, key: first) == .trusted)
            #expect(hosts.verify(host: "two", port: 22, key: second) == .trusted)
            #expect(Credentials(environment: ["HOME": root]).knownHostsFiles == [root + "/.ssh/known_hosts", "/etc/ssh/ssh_known_hosts"])
        }
    }

    @Test(
        "a host key written by ssh-keygen is parsed",
        .requires(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "needs ssh-keygen (openssh-client)"))
    func realKey() throws {
        try withTemporaryDirectory { root in
            try runProgram("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", root + "/host_key"])
            let publicLine = try String(contentsOfFile: root + "/host_key.pub", encoding: .utf8)
            let fields = publicLine.split(separator: " ")
            let key = try #require(Data(base64Encoded: String(fields[1]))).map { $0 }
            let hosts = KnownHosts(contents: "[127.0.0.1]:2222 " + publicLine)
            #expect(hosts.verify(host: "127.0.0.1", port: 2222, key: key) == .trusted)
            #expect(KnownHosts.keyType(of: key) == "ssh-ed25519")
        }
    }
}
