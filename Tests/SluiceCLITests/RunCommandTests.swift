import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// `sluice run`, `runs`, `logs`, `moderation`, `notifications` and `usage` as a user types them.
@Suite("sluice run and what follows", .tags(.endToEnd))
struct RunCommandTests {
    func sample(_ name: String) -> String { TestEnvironment.fixtures + "/media/" + name }

    @Test("upload runs the moderation flow; approve it, read the log, the notification and the usage")
    func moderationRoundTrip() throws {
        let test = try TestWorkspace(environmentOverrides: ["SLUICE_USER": "ana@example.com"])
        #expect(try test.sluice("flows", "new", "Review", "--template", "moderation-queue").status == 0)
        #expect(try test.sluice("flows", "enable", "review").status == 0)
        let uploaded = try test.sluice("upload", sample("red-bag.jpg"), "--tags", "ugc")
        #expect(uploaded.status == 0 && uploaded.stdout.contains("Review on red-bag: waiting for a moderation decision"), "\(uploaded.output)")
        let queue = try JSONParser.parse(try test.sluice("moderation", "list", "--json").stdout)
        let runID = try #require(queue[0]?["run"]?.stringValue)
        let approved = try test.sluice("moderation", "approve", runID)
        #expect(approved.status == 0 && approved.stdout.contains("Review on red-bag: succeeded"), "\(approved.output)")

        let log = try JSONParser.parse(try test.sluice("logs", "review", "--json").stdout)
        #expect(
            log["run"]?["id"] == .string(runID)
                && log["steps"]?.arrayValue?.compactMap { $0["blockId"]?.stringValue } == [
                    "upload", "moderate", "approved", "notify-approved",
                ])
        let text = try test.sluice("logs", "--run", runID)
        #expect(text.stdout.contains("moderate (manual-moderation): succeeded") && text.stdout.contains("→ next, then"))
        #expect(try test.sluice("runs", "--status", "succeeded").stdout.contains(runID))

        let notifications = try JSONParser.parse(try test.sluice("notifications", "--json").stdout)
        #expect(notifications["unread"] == 1 && notifications["user"] == "ana@example.com")
        let id = try #require(notifications["notifications"]?[0]?["id"]?.stringValue)
        #expect(try test.sluice("notifications", "view", id, "--all").status == 0)
        #expect(try test.sluice("notifications", "read", id).status == 0)
        #expect(try test.sluice("notifications", "--unread").stdout.contains("0 unread for ana@example.com"))
        #expect(try test.sluice("notifications", "show", id, "--filter", "not-viewed").stdout.split(separator: "\n").count == 2)

        let usage = try JSONParser.parse(try test.sluice("usage", "--json").stdout)
        #expect(usage["touchpoints"] == 1 && usage["totalFlows"] == 1)
        #expect(try test.sluice("usage", "--cycle", "2026-13").status != 0)
        try test.expectCleanAndSoundCLI()
    }

    @Test("run on an asset that does not exist, a flow with errors, and a failing run give one line and an exit status")
    func failures() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0)
        let missing = try test.sluice("run", "tags", "--asset", "nope")
        #expect(missing.status == 1 && missing.stderr == "sluice: error: no asset \"nope\" (`sluice assets list` shows them)\n", "\(missing.output)")
        #expect(try test.sluice("run", "tags", "--data", "[1]").status != 0)
        try test.write("flows/tags/flow.json", try test.read("flows/tags/flow.json").replacingOccurrences(of: "\"add\"", with: "\"sprinkle\""))
        let invalid = try test.sluice("run", "tags")
        #expect(invalid.status == 1 && invalid.stderr.contains("flows/tags/flow.json:") && invalid.stderr.contains("/blocks/1/config/operation"))
        try test.write("flows/tags/flow.json", try test.read("flows/tags/flow.json").replacingOccurrences(of: "\"sprinkle\"", with: "\"add\""))
        let failed = try test.sluice("run", "tags")
        #expect(failed.status == 2 && failed.stdout.contains("failed at block tag"), "\(failed.output)")
    }
}

extension TestWorkspace {
    /// After commands that commit (notification marks), the work tree is clean and git is sound.
    func expectCleanAndSoundCLI(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try git("status", "--porcelain").stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try git("fsck", "--strict").status == 0, sourceLocation: sourceLocation)
    }
}
