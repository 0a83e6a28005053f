import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// DESIGN §8 durability: `sluice sync` killed with SIGKILL at many moments leaves a sound repository, valid
/// documents and no lost work, and running it again finishes the job.
@Suite("sluice sync killed at any moment", .tags(.endToEnd, .slow), .serialized)
struct SyncKillTests {
    /// Delays (milliseconds) after which the sync process is killed; 0 kills it almost at once.
    static let delays = [0, 5, 10, 20, 30, 45, 60, 80, 110, 150, 200, 300]

    @Test(arguments: delays)
    func killedSync(afterMilliseconds delay: Int) throws {
        let remote = try TemporaryDirectory()
        let bare = remote.child("flows.git")
        #expect(try ProcessRunner.git(["init", "-q", "--bare", "-b", "production", bare], in: remote.path).status == 0)
        let a = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", a.root], in: a.directory.path, environment: a.environment).status == 0)
        #expect(try a.sluice("flows", "new", "Variants", "--template", "web-variants").status == 0)
        #expect(try a.sluice("remote", "add", "origin", bare).status == 0)
        #expect(try a.sluice("sync").status == 0)
        let b = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", bare, b.root], in: b.directory.path).status == 0)
        try edit(a, block: 1, name: "Edited on A")
        #expect(try a.sluice("sync").status == 0)
        try edit(b, block: 2, name: "Edited on B")

        let sync = try ProcessRunner.start(SluiceCLI.binary, ["sync"], in: b.root, environment: b.environment)
        usleep(useconds_t(delay * 1000))
        sync.kill()

        #expect(try b.git("fsck", "--strict").status == 0)
        #expect(try ProcessRunner.git(["--git-dir", bare, "fsck", "--strict"], in: remote.path).status == 0)
        #expect(try b.sluice("validate").status == 0, "documents must stay valid after a kill at \(delay) ms")
        let again = try b.sluice("sync")
        #expect(again.status == 0, "sync after a kill at \(delay) ms: \(again.output)")
        #expect(try a.sluice("sync").status == 0)
        for machine in [a, b] {
            let flow = try JSONParser.parse(try machine.read("flows/variants/flow.json"))
            #expect(flow["blocks"]?[1]?["name"] == "Edited on A" && flow["blocks"]?[2]?["name"] == "Edited on B", "kill at \(delay) ms")
            #expect(try machine.git("status", "--porcelain").stdout.isEmpty)
        }
    }

    func edit(_ test: TestWorkspace, block: Int, name: String) throws {
        var value = try JSONParser.parse(try test.read("flows/variants/flow.json"))
        try value.set(.string(name), at: JSONPointer(tokens: ["blocks", String(block), "name"]))
        try test.write("flows/variants/flow.json", value.canonicalText())
    }
}
