import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// `sluice remote`, `sync`, `conflicts`, `resolve` and `env` as a user types them.
@Suite("sluice sync", .tags(.endToEnd))
struct SyncCommandTests {
    /// A bare remote, and a first machine whose workspace (with a Tags flow when `withFlow`) is pushed to it.
    func firstMachine(withFlow: Bool = true) throws -> (remote: TemporaryDirectory, bare: String, a: TestWorkspace) {
        let remote = try TemporaryDirectory()
        let bare = remote.child("flows.git")
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", bare], in: remote.path).status == 0)
        let a = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", a.root], in: a.directory.path, environment: a.environment).status == 0)
        if withFlow { #expect(try a.sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0) }
        #expect(try a.sluice("remote", "add", "origin", bare).status == 0)
        return (remote, bare, a)
    }

    @Test("two machines sync through a bare remote, hit a conflict, resolve it and finish")
    func twoMachines() throws {
        let (remote, bare, a) = try firstMachine()
        defer { withExtendedLifetime(remote) {} }
        let pushed = try a.sluice("sync")
        #expect(pushed.status == 0 && pushed.stdout.contains("Pushed production to origin"), "\(pushed.output)")
        let b = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", bare, b.root], in: b.directory.path).status == 0)
        #expect(try b.sluice("doctor", "--fix").status == 0)

        #expect(try a.sluice("flows", "rename", "tags", "Tag A").status == 0)
        #expect(try a.sluice("sync").status == 0)
        #expect(try b.sluice("flows", "rename", "tags", "Tag B").status == 0)
        let stopped = try b.sluice("sync")
        #expect(stopped.status == 1)
        #expect(stopped.stdout.contains("conflict(s) need a decision"), "\(stopped.output)")
        let listed = try JSONParser.parse(try b.sluice("conflicts", "--json").stdout)
        let conflict = try #require(listed[0])
        #expect(conflict["conflict"]?["pointer"] == "/name")
        let path = try #require(conflict["path"]?.stringValue)
        let status = try b.sluice("status")
        #expect(status.stdout.contains("1 conflict(s) to resolve"))
        #expect(try b.sluice("resolve", path, "/name", "--value", "\"Tag AB\"").status == 0)
        let finished = try b.sluice("sync", "--continue")
        #expect(finished.status == 0, "\(finished.output)")
        #expect(try a.sluice("sync").stdout.contains("Fast-forwarded"))
        let show = try JSONParser.parse(try a.sluice("flows", "list", "--json").stdout)
        #expect(show[0]?["name"] == "Tag AB")
        #expect(try a.git("status", "--porcelain").stdout.isEmpty)
        #expect(try b.git("fsck", "--strict").status == 0)
    }

    /// Two machines each create their own flow named "Reports", so both land in `flows/reports`; the sync keeps both.
    @Test("a sync that keeps both documents at one path says so once")
    func keptBothOnce() throws {
        let (remote, bare, a) = try firstMachine(withFlow: false)
        defer { withExtendedLifetime(remote) {} }
        #expect(try a.sluice("sync").status == 0)
        let b = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", bare, b.root], in: b.directory.path).status == 0)
        #expect(try b.sluice("doctor", "--fix").status == 0)
        #expect(try a.sluice("flows", "new", "Reports", "--power").status == 0)
        #expect(try a.sluice("sync").status == 0)
        #expect(try b.sluice("flows", "new", "Reports", "--easy").status == 0)
        let merged = try b.sluice("sync")
        #expect(merged.status == 0, "\(merged.output)")
        let lines = merged.stdout.split(separator: "\n").filter { $0.hasPrefix("Kept both documents at flows/reports/flow.json") }
        #expect(lines.count == 1, "\(merged.stdout)")
    }

    @Test("a sync that brings in an invalid document pushed with plain git warns and names it")
    func invalidFromPlainGit() throws {
        let (remote, bare, a) = try firstMachine()
        defer { withExtendedLifetime(remote) {} }
        #expect(try a.sluice("sync").status == 0)
        // Someone else edits with plain git, breaking the flow, and pushes.
        let other = try TemporaryDirectory()
        #expect(try ProcessRunner.git(["clone", "-q", bare, other.child("c")], in: other.path).status == 0)
        let path = other.child("c/flows/tags/flow.json")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"add\"", with: "\"sprinkle\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        for arguments in [["-c", "user.name=O", "-c", "user.email=o@example.com", "commit", "-qam", "plain edit"], ["push", "-q"]] {
            #expect(try ProcessRunner.git(arguments, in: other.child("c")).status == 0)
        }
        let synced = try a.sluice("sync")
        #expect(synced.status == 0 && synced.stdout.contains("Fast-forwarded"), "\(synced.output)")
        #expect(synced.stderr.contains("warning: 1 error(s) in the documents now"), "\(synced.output)")
        #expect(synced.stderr.contains("flows/tags/flow.json:") && synced.stderr.contains("/config/operation"), "\(synced.output)")
    }

    /// Machine A enables the Tags flow and pushes; machine B's sync fetched that commit and wrote its file, then was
    /// killed before moving the branch (the move's record is left as the killed process leaves it).
    func interruptedFastForward() throws -> (remote: TemporaryDirectory, a: TestWorkspace, b: TestWorkspace, original: String) {
        let (remote, bare, a) = try firstMachine()
        #expect(try a.sluice("sync").status == 0)
        let b = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", bare, b.root], in: b.directory.path).status == 0)
        #expect(try b.sluice("doctor", "--fix").status == 0)
        let original = try a.read(Self.tags)
        #expect(try a.sluice("flows", "enable", "tags").status == 0)
        #expect(try a.sluice("sync").status == 0)
        #expect(try b.git("fetch", "-q", "origin").status == 0)
        let from = try b.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let to = try b.git("rev-parse", "origin/production").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try b.write(Self.tags, try b.git("show", "origin/production:" + Self.tags).stdout)
        try b.write(".sluice/branch-move.json", "{\"branch\": \"production\", \"from\": \"\(from)\", \"to\": \"\(to)\"}\n")
        return (remote, a, b, original)
    }

    static let tags = "flows/tags/flow.json"

    /// The next sync must not commit the killed sync's files as hand edits (that would undo what the other machine did
    /// since), but put them back first.
    @Test("files an interrupted fast-forward wrote are put back, and the other machine's later revert survives")
    func interruptedFastForwardUndone() throws {
        let (remote, a, b, original) = try interruptedFastForward()
        defer { withExtendedLifetime(remote) {} }
        // A changes its mind and disables the flow again.
        #expect(try a.sluice("flows", "disable", "tags").status == 0)
        #expect(try a.sluice("sync").status == 0)
        let synced = try b.sluice("sync")
        #expect(synced.status == 0 && synced.stderr.contains("an interrupted sync had written part of the work tree"), "\(synced.output)")
        #expect(try a.sluice("sync").status == 0)
        for machine in [a, b] {
            #expect(try JSONParser.parse(try machine.read(Self.tags))["enabled"] == false)
            #expect(try machine.git("status", "--porcelain").stdout.isEmpty)
        }
        #expect(try JSONParser.parse(original)["enabled"] == false)
    }

    @Test("a file edited after an interrupted fast-forward wrote it is kept, and the note names it")
    func interruptedFastForwardKeepsEdits() throws {
        let (remote, _, b, _) = try interruptedFastForward()
        defer { withExtendedLifetime(remote) {} }
        // The user edits the file the killed sync had written.
        var written = try JSONParser.parse(try b.read(Self.tags))
        try written.set("Renamed by hand", at: "/name")
        try b.write(Self.tags, written.canonicalText())
        let committed = try b.sluice("commit", "-m", "my edit")
        #expect(committed.status == 0 && committed.stderr.contains("edited since, so kept as they are: \(Self.tags)"), "\(committed.output)")
        #expect(try JSONParser.parse(try b.read(Self.tags))["name"] == "Renamed by hand")
    }

    @Test("sync --continue after a promotion that stopped says the promotion was committed")
    func continuePromotion() throws {
        let test = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", test.root], in: test.directory.path, environment: test.environment).status == 0)
        #expect(try test.sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0)
        #expect(try test.sluice("env", "create", "staging").status == 0)
        #expect(try test.sluice("flows", "rename", "tags", "Tag in production").status == 0)
        #expect(try test.sluice("env", "switch", "staging").status == 0)
        #expect(try test.sluice("flows", "rename", "tags", "Tag in staging").status == 0)
        #expect(try test.sluice("env", "switch", "production").status == 0)
        let stopped = try test.sluice("promote", "--from", "staging")
        #expect(stopped.status == 1 && stopped.stdout.contains("conflict(s)"), "\(stopped.output)")
        #expect(try test.sluice("resolve", "flows/tag-in-production/flow.json", "/name", "--theirs").status == 0)
        let finished = try test.sluice("sync", "--continue")
        #expect(finished.status == 0, "\(finished.output)")
        #expect(finished.stdout.hasPrefix("Committed the promotion from staging into production"), "\(finished.stdout)")
        #expect(!finished.stdout.contains("conflict(s) need a decision"))
        let json = try JSONParser.parse(try test.sluice("flows", "list", "--json").stdout)
        #expect(json[0]?["name"] == "Tag in staging")
    }

    @Test("a sync that commits many hand edits writes a short subject and lists them in the body")
    func shortSubject() throws {
        let remote = try TemporaryDirectory()
        let bare = remote.child("flows.git")
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", bare], in: remote.path).status == 0)
        let test = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", test.root], in: test.directory.path, environment: test.environment).status == 0)
        for index in 1...5 { #expect(try test.sluice("flows", "new", "Flow \(index)", "--power").status == 0) }
        for index in 1...5 {
            let path = "flows/flow-\(index)/flow.json"
            try test.write(path, try test.read(path).replacingOccurrences(of: "\"Manual trigger\"", with: "\"Start \(index)\""))
        }
        #expect(try test.sluice("remote", "add", "origin", bare).status == 0)
        #expect(try test.sluice("sync").status == 0)
        #expect(try test.git("log", "-1", "--format=%s").stdout == "sync: commit hand edits (5 files)\n")
        let body = try test.git("log", "-1", "--format=%b").stdout.split(separator: "\n").map(String.init)
        #expect(body == (1...5).map { "flows/flow-\($0)/flow.json" })
    }

    @Test(
        "sync over ssh with a key from ~/.ssh; an unknown host key is one line naming known_hosts",
        .requires(SSHServer.isAvailable, "needs /usr/sbin/sshd (openssh-server; `make deps` installs it)"))
    func overSSH() throws {
        let a = try TestWorkspace(create: false)
        let home = a.directory.child("home")
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try SSHServer.generateKey(at: home + "/.ssh/id_ed25519")
        let server = try SSHServer(
            directory: a.directory.child("sshd"), authorizedKeys: [try String(contentsOfFile: home + "/.ssh/id_ed25519.pub", encoding: .utf8)])
        defer { server.stop() }
        let bare = a.directory.child("flows.git")
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", bare], in: a.directory.path).status == 0)
        var environment = a.environment
        environment["HOME"] = home
        environment["USER"] = server.user
        func sluice(_ arguments: String...) throws -> ProcessResult { try SluiceCLI.run(arguments, in: a.root, environment: environment) }

        #expect(try SluiceCLI.run(["init", a.root], in: a.directory.path, environment: environment).status == 0)
        #expect(try sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0)
        #expect(try sluice("remote", "add", "origin", server.url(bare)).status == 0)
        let unknownHost = try sluice("sync")
        #expect(unknownHost.status != 0)
        #expect(unknownHost.stderr.contains("known_hosts") && unknownHost.stderr.split(separator: "\n").count == 1, "\(unknownHost.output)")

        try Data((server.knownHostsLine + "\n").utf8).write(to: URL(fileURLWithPath: home + "/.ssh/known_hosts"))
        let pushed = try sluice("sync")
        #expect(pushed.status == 0 && pushed.stdout.contains("Pushed production to origin"), "\(pushed.output)")
        let head = try a.git("rev-parse", "HEAD").stdout
        #expect(try ProcessRunner.git(["--git-dir", bare, "rev-parse", "production"], in: a.directory.path).stdout == head)
        #expect(try sluice("sync").stdout.contains("up to date"))
    }

    @Test("an unreachable remote gives one line and a non-zero exit")
    func unreachable() throws {
        let a = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", a.root], in: a.directory.path, environment: a.environment).status == 0)
        #expect(try a.sluice("remote", "add", "origin", a.directory.child("missing.git")).status == 0)
        let result = try a.sluice("sync")
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("missing.git"))
    }
}
