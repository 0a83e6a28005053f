import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

/// `sync` between machines through a bare remote, checked with the real git CLI.
@Suite("Sync")
struct SyncTests {
    /// A bare remote and two machines: `a` made the workspace and pushed it, `b` cloned it.
    struct Machines {
        let remote: TemporaryDirectory
        let a: TestWorkspace
        let b: TestWorkspace
        var bare: String { remote.child("remote.git") }
    }

    func machines() throws -> Machines {
        let remote = try TemporaryDirectory()
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", remote.child("remote.git")], in: remote.path).status == 0)
        let a = try TestWorkspace()
        let workspace = try a.open()
        try FlowService(workspace).create(name: "Shared", type: nil, template: "web-variants")
        try SyncService(workspace).addRemote(name: "origin", url: remote.child("remote.git"))
        #expect(try SyncService(workspace).sync().outcome == .pushed)
        let b = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", remote.child("remote.git"), b.root], in: b.directory.path).status == 0)
        return Machines(remote: remote, a: a, b: b)
    }

    /// Edits the `name` of block `index` of the shared flow by hand.
    func renameBlock(_ test: TestWorkspace, _ index: Int, to name: String) throws {
        var value = try JSONParser.parse(try test.read("flows/shared/flow.json"))
        try value.set(.string(name), at: JSONPointer(tokens: ["blocks", String(index), "name"]))
        try test.write("flows/shared/flow.json", value.canonicalText())
    }

    @Test("edits to different blocks on two machines merge, push and fast-forward; git sees a sound history")
    func mergeAndFastForward() throws {
        let m = try machines()
        try renameBlock(m.a, 1, to: "From A")
        let first = try SyncService(m.a.open()).sync()
        #expect(first.outcome == .pushed && first.committedHandEdits != nil)
        try renameBlock(m.b, 2, to: "From B")
        let second = try SyncService(m.b.open()).sync()
        #expect(second.outcome == .merged, "\(second)")
        #expect(second.mergedDocuments == ["flows/shared/flow.json"])
        let third = try SyncService(m.a.open()).sync()
        #expect(third.outcome == .fastForwarded)
        for machine in [m.a, m.b] {
            let flow = try JSONParser.parse(try machine.read("flows/shared/flow.json"))
            #expect(flow["blocks"]?[1]?["name"] == "From A" && flow["blocks"]?[2]?["name"] == "From B")
            try machine.expectCleanAndSound()
        }
        #expect(try m.a.git("rev-parse", "HEAD").stdout == m.b.git("rev-parse", "HEAD").stdout)
        #expect(try m.a.git("log", "--merges", "--format=%s").stdout.contains("sync: merge origin/production"))
        #expect(try SyncService(m.b.open()).sync().outcome == .upToDate)
    }

    @Test("a conflict stops the sync with valid documents; resolve and continue finish it")
    func conflictResolveContinue() throws {
        let m = try machines()
        try renameBlock(m.a, 1, to: "A's name")
        _ = try SyncService(m.a.open()).sync()
        try renameBlock(m.b, 1, to: "B's name")
        let b = try m.b.open()
        let stopped = try SyncService(b).sync()
        #expect(stopped.outcome == .conflicts)
        #expect(stopped.conflicts.map { "\($0.path) \($0.conflict.pointer)" } == ["flows/shared/flow.json /blocks/1/name"])
        #expect(try WorkspaceService(b).validate().filter { $0.severity == .error }.isEmpty)
        #expect(try JSONParser.parse(try m.b.read("flows/shared/flow.json"))["blocks"]?[1]?["name"] == "B's name")
        #expect(try m.b.git("status").stdout.contains("merging"))
        expectWorkspaceError(containing: "conflict(s) left") { _ = try SyncService(b).continueMerge() }
        expectWorkspaceError(containing: "waiting for conflicts") { _ = try SyncService(b).sync() }
        #expect(try WorkspaceService(b).status().openConflicts == 1)
        try SyncService(b).resolve(document: "flows/shared/flow.json", pointer: "/blocks/1/name", with: .theirs)
        let finished = try SyncService(b).continueMerge()
        #expect(finished.outcome == .merged)
        #expect(try b.syncState() == nil)
        #expect(try SyncService(m.a.open()).sync().outcome == .fastForwarded)
        #expect(try JSONParser.parse(try m.a.read("flows/shared/flow.json"))["blocks"]?[1]?["name"] == "A's name")
        try m.a.expectCleanAndSound()
        try m.b.expectCleanAndSound()
    }

    @Test("abort puts the work tree back at the last commit")
    func abort() throws {
        let m = try machines()
        try renameBlock(m.a, 1, to: "A")
        _ = try SyncService(m.a.open()).sync()
        try renameBlock(m.b, 1, to: "B")
        let b = try m.b.open()
        #expect(try SyncService(b).sync().outcome == .conflicts)
        try SyncService(b).abort()
        #expect(try b.syncState() == nil)
        try m.b.expectCleanAndSound()
        #expect(try JSONParser.parse(try m.b.read("flows/shared/flow.json"))["blocks"]?[1]?["name"] == "B")
    }

    @Test("an invalid hand edit stops the sync before anything is fetched or pushed")
    func invalidHandEdit() throws {
        let m = try machines()
        try m.b.write("flows/shared/flow.json", "{ \"kind\": ")
        expectWorkspaceError(containing: "flows/shared/flow.json:1:") { _ = try SyncService(m.b.open()).sync() }
        #expect(try m.b.git("status", "--porcelain").stdout == " M flows/shared/flow.json\n")
    }

    @Test("a remote that is not a Sluice workspace and unrelated histories are refused with one line")
    func foreignRemotes() throws {
        let m = try machines()
        let other = try TestWorkspace(create: false)
        try FileManager.default.createDirectory(atPath: other.root, withIntermediateDirectories: true)
        _ = try ProcessRunner.git(["init", "-q", "-b", "production", other.root], in: other.directory.path)
        try other.write("README.md", "hello\n")
        _ = try other.git("add", "README.md")
        _ = try other.git("commit", "-qm", "readme")
        let a = try m.a.open()
        try SyncService(a).addRemote(name: "plain", url: other.root)
        expectWorkspaceError(containing: "is not a Sluice workspace") { _ = try SyncService(a).sync(remote: "plain") }
        let stranger = try TestWorkspace()
        try SyncService(a).addRemote(name: "stranger", url: stranger.root)
        expectWorkspaceError(containing: "unrelated") { _ = try SyncService(a).sync(remote: "stranger") }
        expectWorkspaceError(containing: "a remote named origin exists") { try SyncService(a).addRemote(name: "origin", url: "/tmp/x") }
        try SyncService(a).removeRemote(name: "origin")
        expectWorkspaceError(containing: "several remotes (plain, stranger)") { _ = try SyncService(a).sync() }
        expectWorkspaceError(containing: "not supported") { try SyncService(a).addRemote(name: "web", url: "ftp://example.com/x") }
    }

    @Test("status shows ahead and behind against the remote")
    func aheadBehind() throws {
        let m = try machines()
        let a = try m.a.open()
        try FlowService(a).setEnabled("shared", true)
        let status = try WorkspaceService(a).status()
        #expect(status.remotes.map { "\($0.name) \($0.ahead ?? -1) \($0.behind ?? -1)" } == ["origin 1 0"])
    }

    @Test("while a sync waits, commands that commit are refused; a merge committed by the git CLI is finished by --continue")
    func waitingSync() throws {
        let m = try machines()
        try renameBlock(m.a, 1, to: "A")
        try renameBlock(m.a, 3, to: "A's other edit")
        _ = try SyncService(m.a.open()).sync()
        try renameBlock(m.b, 1, to: "B")
        let b = try m.b.open()
        #expect(try SyncService(b).sync().outcome == .conflicts)
        expectWorkspaceError(containing: "a sync is waiting") { try FlowService(b).setEnabled("shared", true) }
        expectWorkspaceError(containing: "a sync is waiting") { _ = try WorkspaceService(b).commit(message: "x") }
        #expect(try m.b.git("commit", "-qam", "merge by hand").status == 0)
        #expect(try SyncService(b).continueMerge().outcome == .merged)
        let pushed = try JSONParser.parse(
            try ProcessRunner.git(["--git-dir", m.bare, "show", "production:flows/shared/flow.json"], in: m.remote.path).stdout)
        #expect(pushed["blocks"]?[1]?["name"] == "B" && pushed["blocks"]?[3]?["name"] == "A's other edit")
    }

    @Test("changes that are fine alone but break a rule together stop the sync as a conflict")
    func invalidCombination() throws {
        let m = try machines()
        var a = try JSONParser.parse(try m.a.read("flows/shared/flow.json"))
        // A deletes the store block and the links to it; B links the upload block to it as well.
        var blocks = try #require(a["blocks"]?.arrayValue).filter { $0["id"] != "store" }
        for index in blocks.indices {
            if let next = blocks[index]["next"]?.arrayValue {
                let kept = next.filter { $0 != "store" }
                if kept.isEmpty { blocks[index].removeValue(at: "/next") } else { try blocks[index].set(.array(kept), at: "/next") }
            }
        }
        try a.set(.array(blocks), at: "/blocks")
        try m.a.write("flows/shared/flow.json", a.canonicalText())
        _ = try SyncService(m.a.open()).sync()
        var b = try JSONParser.parse(try m.b.read("flows/shared/flow.json"))
        try b.set(["large", "thumbnail", "store"], at: "/blocks/0/next")
        try m.b.write("flows/shared/flow.json", b.canonicalText())
        let report = try SyncService(m.b.open()).sync()
        #expect(report.outcome == .conflicts)
        #expect(report.conflicts.contains { $0.conflict.kind == .invalid })
    }

    @Test("a remote whose branches hold no Sluice workspace is refused even without our branch")
    func foreignRemoteOtherBranch() throws {
        let m = try machines()
        let other = try TestWorkspace(create: false)
        _ = try ProcessRunner.git(["init", "-q", "-b", "main", other.root], in: other.directory.path)
        try other.write("README.md", "hello\n")
        _ = try other.git("add", "README.md")
        _ = try other.git("commit", "-qm", "readme")
        let a = try m.a.open()
        try SyncService(a).addRemote(name: "foreign", url: other.root)
        expectWorkspaceError(containing: "foreign is not a Sluice workspace") { _ = try SyncService(a).sync(remote: "foreign") }
    }

    @Test("a conflict over a whole file that is not JSON is settled with the file's bytes")
    func wholeFileConflict() throws {
        let m = try machines()
        try m.a.write("NOTES.txt", "from A\n")
        _ = try SyncService(m.a.open()).sync()
        try m.b.write("NOTES.txt", "from B\n")
        let b = try m.b.open()
        let report = try SyncService(b).sync()
        #expect(report.conflicts.map { "\($0.path) \($0.conflict.pointer.display)" } == ["NOTES.txt /"])
        #expect(try m.b.read("NOTES.txt") == "from B\n")
        try SyncService(b).resolve(document: "NOTES.txt", pointer: "/", with: .theirs)
        #expect(try m.b.read("NOTES.txt") == "from A\n")
        #expect(try SyncService(b).continueMerge().outcome == .merged)
        try m.b.expectCleanAndSound()
    }

    @Test("a ref lock a killed push left in a remote reached by path is cleared, and the next sync pushes")
    func staleRemoteLock() throws {
        let m = try machines()
        let lock = m.bare + "/refs/heads/production.lock"
        try Data().write(to: URL(fileURLWithPath: lock))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: lock)
        try renameBlock(m.a, 1, to: "After a killed push")
        #expect(try SyncService(m.a.open()).sync().outcome == .pushed)
        #expect(!FileManager.default.fileExists(atPath: lock))
    }

    /// The remote moves while we push: served over HTTP by `git http-backend`, whose pre-receive hook lets
    /// another machine's commit in first and declines ours. The sync fetches, merges and pushes again.
    @Test("a push rejected because someone pushed meanwhile is merged and retried")
    func pushRace() throws {
        let m = try machines()
        let server = try GitHTTPServer(root: m.remote.path, user: "x-access-token", password: "tok", workDirectory: m.a.directory.path)
        defer { server.stop() }
        try renameBlock(m.b, 2, to: "B first")
        _ = try m.b.git("commit", "-qam", "b")
        let pending = try m.b.git("push", "-q", "origin", "HEAD:refs/sluice-test/pending")
        #expect(pending.status == 0, "\(pending.output)")
        let hook = m.bare + "/hooks/pre-receive"
        try Data(
            """
            #!/bin/sh
            if git rev-parse -q --verify refs/sluice-test/pending >/dev/null; then
              # Outside the push's quarantine, where git forbids ref updates.
              unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
              git update-ref refs/heads/production "$(git rev-parse refs/sluice-test/pending)"
              git update-ref -d refs/sluice-test/pending
              echo "someone else pushed first" >&2
              exit 1
            fi
            exit 0

            """.utf8
        ).write(to: URL(fileURLWithPath: hook))
        chmod(hook, 0o755)
        var environment = m.a.environment
        environment["SLUICE_GIT_TOKEN"] = "tok"
        let a = try WorkspaceContext.open(at: m.a.root, environment: environment)
        try SyncService(a).addRemote(name: "web", url: server.url("remote.git"))
        try renameBlock(m.a, 1, to: "A second")
        let report = try SyncService(a).sync(remote: "web")
        #expect(report.retries == 1, "\(report) \(server.authorizations())")
        #expect(report.outcome == .merged)
        let shown = try ProcessRunner.git(["--git-dir", m.bare, "show", "production:flows/shared/flow.json"], in: m.remote.path)
        let flow = try JSONParser.parse(shown.stdout)
        #expect(flow["blocks"]?[1]?["name"] == "A second" && flow["blocks"]?[2]?["name"] == "B first")
    }
}
