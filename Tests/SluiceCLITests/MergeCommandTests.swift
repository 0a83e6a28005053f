import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// `sluice merge-file`, the git merge driver with the real git CLI, and `sluice doctor`.
@Suite("Merging with sluice and git", .tags(.endToEnd))
struct MergeCommandTests {
    static let base = """
        {
          "kind": "flow",
          "id": "flw_1",
          "schemaVersion": 1,
          "name": "Tag uploads",
          "type": "power",
          "enabled": false,
          "favorite": false,
          "variables": {
            "label": "product"
          }
        }

        """

    /// Writes the three versions into a temporary folder.
    func versions(ours: String, theirs: String) throws -> (TemporaryDirectory, String, String, String) {
        let folder = try TemporaryDirectory()
        for (name, text) in [("base.json", Self.base), ("ours.json", ours), ("theirs.json", theirs)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder.child(name)))
        }
        return (folder, folder.child("ours.json"), folder.child("base.json"), folder.child("theirs.json"))
    }

    @Test("edits on neighbouring lines merge cleanly where git merge-file conflicts")
    func neighbouringLines() throws {
        let ours = Self.base.replacingOccurrences(of: "\"enabled\": false", with: "\"enabled\": true")
        let theirs = Self.base.replacingOccurrences(of: "\"favorite\": false", with: "\"favorite\": true")
        let (folder, oursPath, basePath, theirsPath) = try versions(ours: ours, theirs: theirs)
        let git = try ProcessRunner.git(["merge-file", "-p", oursPath, basePath, theirsPath], in: folder.path)
        #expect(git.status == 1, "git merge-file is expected to conflict here: \(git.output)")
        let printed = try SluiceCLI.run(["merge-file", "-p", oursPath, basePath, theirsPath], in: folder.path, environment: [:])
        #expect(printed.status == 0, "\(printed.output)")
        let merged = try JSONParser.parse(printed.stdout)
        #expect(merged["enabled"] == true && merged["favorite"] == true)
        let inPlace = try SluiceCLI.run(["merge-file", oursPath, basePath, theirsPath], in: folder.path, environment: [:])
        #expect(inPlace.status == 0)
        #expect(try JSONParser.parse(String(contentsOfFile: oursPath, encoding: .utf8)) == merged)
    }

    @Test("a true conflict keeps ours, names the pointer on stderr and exits with the count")
    func conflict() throws {
        let ours = Self.base.replacingOccurrences(of: "Tag uploads", with: "Tag products")
        let theirs = Self.base.replacingOccurrences(of: "Tag uploads", with: "Label uploads")
            .replacingOccurrences(of: "\"product\"", with: "\"item\"")
        let (folder, oursPath, basePath, theirsPath) = try versions(ours: ours, theirs: theirs)
        let result = try SluiceCLI.run(["merge-file", "-p", oursPath, basePath, theirsPath], in: folder.path, environment: [:])
        #expect(result.status == 1)
        #expect(result.stderr.contains("conflict: /name"))
        let merged = try JSONParser.parse(result.stdout)
        #expect(merged["name"] == "Tag products")
        #expect(merged["variables"]?["label"] == "item")
        #expect(!result.stdout.contains("<<<<<<<"))
    }

    /// Versions that are not strict JSON: a duplicate key, a trailing comma, a truncated file.
    static let notStrict: [(name: String, ours: String, theirs: String)] = [
        ("a duplicate key", base.replacingOccurrences(of: "\"enabled\": false", with: "\"enabled\": true,\n  \"enabled\": false"), base),
        (
            "a trailing comma", base.replacingOccurrences(of: "\"product\"", with: "\"product\","),
            base.replacingOccurrences(of: "Tag uploads", with: "Tags")
        ),
        ("a truncated file", "{ \"a\": ", base),
        (
            "both sides broken on one line", base.replacingOccurrences(of: "\"product\"", with: "\"x\","),
            base.replacingOccurrences(of: "\"product\"", with: "\"y\",")
        ),
    ]

    @Test(
        "a version that is not strict JSON is merged line by line exactly as git merge-file does, and stderr says so",
        arguments: notStrict.map(\.name))
    func notStrictJSON(name: String) throws {
        let example = try #require(Self.notStrict.first { $0.name == name })
        let (folder, oursPath, basePath, theirsPath) = try versions(ours: example.ours, theirs: example.theirs)
        let git = try ProcessRunner.git(
            ["merge-file", "-p", "-L", oursPath, "-L", basePath, "-L", theirsPath, oursPath, basePath, theirsPath], in: folder.path)
        let result = try SluiceCLI.run(["merge-file", "-p", oursPath, basePath, theirsPath], in: folder.path, environment: [:])
        #expect(result.stdout == git.stdout)
        #expect(result.status == git.status)
        #expect(result.stderr.contains("is not strict JSON") && result.stderr.contains("merged line by line as git does"), "\(result.stderr)")
        let inPlace = try SluiceCLI.run(["merge-file", oursPath, basePath, theirsPath], in: folder.path, environment: [:])
        #expect(inPlace.status == git.status)
        #expect(try String(contentsOfFile: oursPath, encoding: .utf8) == git.stdout)
    }

    @Test("a file that cannot be read is one line and exit 255")
    func unreadable() throws {
        let (folder, oursPath, basePath, _) = try versions(ours: Self.base, theirs: Self.base)
        let result = try SluiceCLI.run(["merge-file", oursPath, basePath, folder.child("missing.json")], in: folder.path, environment: [:])
        #expect(result.status == 255)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("missing.json: cannot read file"))
    }

    /// The tag-by-folder flow with its second block deleted (ours), and with a new block leading to it (theirs).
    func deletedAndLinked(_ flow: String) throws -> (ours: String, theirs: String) {
        var ours = try JSONParser.parse(flow)
        ours.removeValue(at: "/blocks/1")
        ours.removeValue(at: "/blocks/0/next")
        var theirs = try JSONParser.parse(flow)
        let later: JSONValue = ["id": "later", "type": "delay", "name": "Later", "config": ["seconds": 0], "next": ["tag"]]
        try theirs.set(later, at: "/blocks/2")
        return (ours.canonicalText(), theirs.canonicalText())
    }

    @Test("merge-file reports a rule the two sides break together (a link to a block the other side deleted) as a conflict")
    func brokenCombination() throws {
        let test = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", test.root], in: test.directory.path, environment: test.environment).status == 0)
        #expect(try test.sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0)
        let flow = try test.read("flows/tags/flow.json")
        let (ours, theirs) = try deletedAndLinked(flow)
        let folder = try TemporaryDirectory()
        for (name, text) in [("base.json", flow), ("ours.json", ours), ("theirs.json", theirs)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder.child(name)))
        }
        let result = try SluiceCLI.run(["merge-file", "-p", "ours.json", "base.json", "theirs.json"], in: folder.path, environment: [:])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("conflict: /blocks/1/next/0: together the two sides' changes break a rule here"), "\(result.stderr)")
        #expect(try JSONParser.parse(result.stdout)["blocks"]?.arrayValue?.map { $0["id"] } == ["upload", "later"])
    }

    /// A workspace made by `sluice init` (which registers the driver), with a flow, and a branch `other`.
    func branchedWorkspace() throws -> TestWorkspace {
        let test = try TestWorkspace(create: false)
        #expect(try SluiceCLI.run(["init", test.root], in: test.directory.path, environment: test.environment).status == 0)
        #expect(try test.sluice("flows", "new", "Tags", "--template", "tag-by-folder").status == 0)
        #expect(try test.git("branch", "other").status == 0)
        return test
    }

    /// Edits `flows/tags/flow.json` by hand with `edit` and commits it with the git CLI.
    func commitEdit(_ test: TestWorkspace, _ message: String, _ edit: (String) -> String) throws {
        try test.write("flows/tags/flow.json", edit(try test.read("flows/tags/flow.json")))
        #expect(try test.git("commit", "-qam", message).status == 0)
    }

    @Test("plain git merge uses the driver: edits to different blocks merge cleanly")
    func gitMergeClean() throws {
        let test = try branchedWorkspace()
        #expect(try test.read(".gitattributes").contains("*.json merge=sluice"))
        try commitEdit(test, "rename upload block") { $0.replacingOccurrences(of: "On product upload", with: "When a product arrives") }
        #expect(try test.git("checkout", "-q", "other").status == 0)
        try commitEdit(test, "tag differently") { $0.replacingOccurrences(of: "\"Tag with folder\"", with: "\"Tag by folder\"") }
        #expect(try test.git("checkout", "-q", "production").status == 0)
        let merge = try test.git("merge", "--no-edit", "other")
        #expect(merge.status == 0, "\(merge.output)")
        let text = try test.read("flows/tags/flow.json")
        #expect(text.contains("When a product arrives") && text.contains("Tag by folder"))
        #expect(try test.sluice("validate").status == 0)
        #expect(try test.git("status", "--porcelain").stdout.isEmpty)
    }

    @Test("a real conflict leaves valid JSON with ours kept, and records the conflict")
    func gitMergeConflict() throws {
        let test = try branchedWorkspace()
        try commitEdit(test, "ours") { $0.replacingOccurrences(of: "On product upload", with: "Ours") }
        #expect(try test.git("checkout", "-q", "other").status == 0)
        try commitEdit(test, "theirs") { $0.replacingOccurrences(of: "On product upload", with: "Theirs") }
        #expect(try test.git("checkout", "-q", "production").status == 0)
        let merge = try test.git("merge", "--no-edit", "other")
        #expect(merge.status != 0)
        let text = try test.read("flows/tags/flow.json")
        #expect(!text.contains("<<<<<<<") && text.contains("\"Ours\""))
        #expect((try? JSONParser.parse(text)) != nil)
        let recorded = try JSONParser.parse(try test.read(".sluice/conflicts.json"))
        #expect(recorded["flows/tags/flow.json"]?[0]?["pointer"] == "/blocks/0/name")
    }

    @Test("through plain git merge the driver records a broken combination as a conflict too")
    func gitMergeBrokenCombination() throws {
        let test = try branchedWorkspace()
        let (ours, theirs) = try deletedAndLinked(try test.read("flows/tags/flow.json"))
        try commitEdit(test, "delete the tag block") { _ in ours }
        #expect(try test.git("checkout", "-q", "other").status == 0)
        try commitEdit(test, "link a new block to it") { _ in theirs }
        #expect(try test.git("checkout", "-q", "production").status == 0)
        let merge = try test.git("merge", "--no-edit", "other")
        #expect(merge.status != 0, "\(merge.output)")
        let recorded = try JSONParser.parse(try test.read(".sluice/conflicts.json"))
        #expect(recorded["flows/tags/flow.json"]?[0]?["kind"] == "invalid")
        let conflicts = try test.sluice("conflicts")
        #expect(
            conflicts.stdout.contains("flows/tags/flow.json /blocks/1/next/0: together the two sides' changes break a rule here"),
            "\(conflicts.output)")
    }

    @Test("doctor finds a clone without the driver, and --fix registers it")
    func doctor() throws {
        let test = try branchedWorkspace()
        let clone = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", test.root, clone.root], in: clone.directory.path).status == 0)
        let check = try clone.sluice("doctor")
        #expect(check.status == 1)
        #expect(check.stdout.contains("problem  merge driver"))
        let fixed = try clone.sluice("doctor", "--fix")
        #expect(fixed.stdout.contains("fixed    merge driver"), "\(fixed.output)")
        #expect(try clone.git("config", "merge.sluice.driver").stdout.contains("merge-driver %O %A %B %P"))
        #expect(try clone.git("status", "--porcelain").stdout.isEmpty)
    }

    @Test(
        "doctor finds a tampered secret, a readable key file, a damaged run store, a lost catalog and a damaged index; each printed command repairs it"
    )
    func doctorRepairs() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("flows", "new", "F", "--power").status == 0)
        #expect(try test.sluice("flows", "secrets", "f", "set", "k", input: "s3cret-value\n").status == 0)
        #expect(try test.sluice("upload", TestEnvironment.fixtures + "/media/logo.png").status == 0)
        #expect(try test.sluice("run", "f").status == 0)
        #expect(try test.sluice("doctor", "--fix").status == 0)

        /// The command doctor prints after `run ` in the line of `check`, run through the shell.
        func repair(_ check: String, _ output: String, marker: String = "run `") throws {
            let line = try #require(output.split(separator: "\n").first { $0.contains(check) }, "\(check) not reported: \(output)")
            let command = try #require(line.components(separatedBy: marker).last?.replacingOccurrences(of: "`", with: ""))
            let result = try ProcessRunner.run("/bin/sh", ["-c", command], in: test.root, environment: test.environment)
            #expect(result.status == 0, "\(command): \(result.output)")
        }
        var secrets = try JSONParser.parse(try test.read("flows/f/secrets.json"))
        let sealed = try #require(secrets["secrets"]?["k"]?.stringValue)
        try secrets.set(.string(String(sealed.dropLast(4)) + (sealed.hasSuffix("AAAA") ? "BBBB" : "AAAA")), at: "/secrets/k")
        try test.write("flows/f/secrets.json", secrets.canonicalText())
        let keyFile = try #require(try FileManager.default.contentsOfDirectory(atPath: test.configDirectory + "/keys").first)
        #expect(chmod(test.configDirectory + "/keys/" + keyFile, 0o644) == 0)
        let store = test.root + "/.sluice/runs/production.sqlite"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        try Data(String(repeating: "not a database ", count: 300).utf8).write(to: URL(fileURLWithPath: store))
        let catalog = test.root + "/.sluice/media/production/catalog.sqlite"
        try FileManager.default.moveItem(atPath: catalog, toPath: test.directory.child("catalog.backup"))
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: catalog + suffix) }
        let index = try Data(contentsOf: URL(fileURLWithPath: test.root + "/.git/index"))
        try index.prefix(40).write(to: URL(fileURLWithPath: test.root + "/.git/index"))

        let found = try test.sluice("doctor")
        #expect(found.status == 1)
        for check in ["secret key: 1 secret(s) do not open", "key file:", "run store:", "media catalog:", "git index:"] {
            #expect(found.stdout.contains("problem  " + check), "\(check): \(found.output)")
        }
        try repair("key file:", found.stdout)
        try repair("run store:", found.stdout, marker: "start an empty history: ")
        try repair("git index:", found.stdout, marker: "from the last commit: ")
        try repair("media catalog:", found.stdout, marker: "start an empty library: ")
        #expect(try test.sluice("flows", "secrets", "f", "set", "k", input: "s3cret-value\n").status == 0)
        let healthy = try test.sluice("doctor")
        #expect(healthy.status == 0, "\(healthy.output)")
        #expect(!healthy.output.contains("s3cret-value"))

        // A damaged HEAD, then local state that is a file, each repaired by the printed command.
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: test.root + "/.git/HEAD"))
        let head = try test.sluice("doctor")
        #expect(head.status == 1 && head.stdout.contains("problem  git HEAD:"), "\(head.output)")
        #expect(!head.stderr.contains("ExitCode") && head.stderr.contains("`sluice doctor` says how to repair it"), "\(head.stderr)")
        try repair("git HEAD:", head.stdout, marker: "the environment's branch: ")
        try FileManager.default.removeItem(atPath: test.root + "/.sluice")
        try Data("x".utf8).write(to: URL(fileURLWithPath: test.root + "/.sluice"))
        let local = try test.sluice("doctor")
        #expect(local.status == 1 && local.stdout.contains("problem  local state:"), "\(local.output)")
        try repair("problem  local state:", local.stdout, marker: "make the folder: ")
        let repaired = try test.sluice("doctor")
        #expect(repaired.status == 0, "\(repaired.output)")

        // A catalog that is not a database at all.
        #expect(try test.sluice("upload", TestEnvironment.fixtures + "/media/logo.png").status == 0)
        let damaged = test.root + "/.sluice/media/production/catalog.sqlite"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: damaged + suffix) }
        try Data(String(repeating: "garbage ", count: 600).utf8).write(to: URL(fileURLWithPath: damaged))
        let garbage = try test.sluice("doctor")
        #expect(garbage.status == 1 && garbage.stdout.contains("problem  media catalog:"), "\(garbage.output)")
        try repair("problem  media catalog:", garbage.stdout, marker: "setting the files aside: ")
        #expect(try test.sluice("doctor").status == 0)
    }
}
