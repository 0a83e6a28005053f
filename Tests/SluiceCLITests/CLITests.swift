import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// End-to-end: the built `sluice` binary, driven as a user would drive it.
@Suite("sluice CLI", .tags(.endToEnd))
struct CLITests {
    /// A workspace made by `sluice init`.
    func initialized() throws -> TestWorkspace {
        let test = try TestWorkspace(create: false)
        let result = try SluiceCLI.run(["init", test.root], in: test.directory.path, environment: test.environment)
        #expect(result.status == 0, "\(result.output)")
        return test
    }

    /// Expects failure with exactly one line on stderr that contains `text`.
    func expectOneLineError(_ result: ProcessResult, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test("help explains the commands")
    func help() throws {
        let test = try TestWorkspace(create: false)
        let result = try SluiceCLI.run(["--help"], in: test.directory.path, environment: test.environment)
        #expect(result.status == 0)
        for command in ["init", "flows", "validate", "connections", "key", "templates", "apps", "commit", "fmt", "status"] {
            #expect(result.stdout.contains(command), "missing \(command)")
        }
        let flows = try SluiceCLI.run(["flows", "--help"], in: test.directory.path, environment: test.environment)
        #expect(flows.stdout.contains("duplicate") && flows.stdout.contains("error-notification"))
    }

    @Test("a flow from a template shows up in the JSON listing, and git sees every change")
    func flowsFromTemplates() throws {
        let test = try initialized()
        #expect(try test.sluice("flows", "new", "Tag uploads", "--template", "tag-by-folder").status == 0)
        #expect(try test.sluice("flows", "new", "Scratch", "--easy").status == 0)
        #expect(try test.sluice("flows", "enable", "tag-uploads").status == 0)
        let list = try test.sluice("flows", "list", "--json")
        #expect(list.status == 0)
        let rows = try #require(try JSONParser.parse(list.stdout).arrayValue)
        #expect(rows.count == 2)
        let tag = try #require(rows.first { $0["slug"] == "tag-uploads" })
        #expect(tag["enabled"] == true)
        #expect(tag["trigger"] == "asset.uploaded")
        #expect(try test.git("log", "--format=%s").stdout.contains("flows: enable \"Tag uploads\""))
        #expect(try test.git("status", "--porcelain").stdout.isEmpty)
        let show = try test.sluice("flows", "show", "tag-uploads", "--json")
        #expect(try JSONParser.parse(show.stdout)["flow"]?["name"] == "Tag uploads")
        let templates = try test.sluice("templates", "--json")
        #expect((try JSONParser.parse(templates.stdout).arrayValue?.count ?? 0) >= 6)
    }

    @Test("validate pinpoints a planted error as path:line:column: pointer: message and exits 1")
    func validate() throws {
        let test = try initialized()
        _ = try test.sluice("flows", "new", "Tags", "--template", "tag-by-folder")
        let path = test.root + "/flows/tags/flow.json"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "\"operation\": \"add\"", with: "\"operation\": \"append\"")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"append\"") }.map { $0 + 1 } ?? 0
        let result = try test.sluice("validate")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("flows/tags/flow.json:\(line):9: /blocks/1/config/operation: must be one of"), "\(result.stdout)")
        let json = try test.sluice("validate", "--json", "flows/tags")
        #expect(try JSONParser.parse(json.stdout)[0]?["pointer"] == "/blocks/1/config/operation")
        let commit = try test.sluice("commit", "-m", "broken edit")
        expectOneLineError(commit, containing: "flows/tags/flow.json:\(line):9")
    }

    @Test("a FIFO or a folder in a tracked document's place is an invalid document, never committed as a deletion")
    func specialFileInPlace() throws {
        let test = try initialized()
        #expect(try test.sluice("flows", "new", "B", "--power").status == 0)
        let head = try test.git("rev-parse", "HEAD").stdout
        let path = test.root + "/flows/b/flow.json"
        for make in [{ mkfifo(path, 0o644) }, { mkdir(path, 0o755) }] {
            try FileManager.default.removeItem(atPath: path)
            #expect(make() == 0)
            let validate = try test.sluice("validate")
            #expect(validate.status == 1 && validate.stdout.contains("flows/b/flow.json:1:1: /: not a regular file"), "\(validate.output)")
            expectOneLineError(try test.sluice("commit", "-m", "oops"), containing: "not a regular file")
            #expect(try test.git("rev-parse", "HEAD").stdout == head)
            #expect(try test.git("cat-file", "-e", "HEAD:flows/b/flow.json").status == 0)
        }
        // The flow's folder itself replaced by a FIFO.
        try FileManager.default.removeItem(atPath: test.root + "/flows/b")
        #expect(mkfifo(test.root + "/flows/b", 0o644) == 0)
        expectOneLineError(try test.sluice("commit", "-m", "oops"), containing: "a folder on its path is not a folder")
        #expect(try test.git("rev-parse", "HEAD").stdout == head)
    }

    @Test("stored text with escape sequences, overrides and invisible characters prints escaped, never raw")
    func storedTextEscaped() throws {
        let test = try initialized()
        #expect(try test.sluice("flows", "new", "Shown", "--power").status == 0)
        var flow = try JSONParser.parse(try test.read("flows/shown/flow.json"))
        try flow.set("Title\u{1B}]0;pwned\u{7} and \u{202E}txt.exe\u{200B}", at: "/description")
        try flow.set(["note": "red\u{1B}[31m\u{2028}\u{FEFF}"], at: "/variables")
        try test.write("flows/shown/flow.json", flow.canonicalText())
        for arguments in [["flows", "show", "shown"], ["flows", "vars", "shown", "list"], ["flows", "list"]] {
            let result = try SluiceCLI.run(arguments, in: test.root, environment: test.environment)
            #expect(result.status == 0, "\(arguments): \(result.output)")
            let raw = result.output.unicodeScalars.filter { [0x1B, 0x07, 0x202E, 0x200B, 0x2028, 0xFEFF].contains($0.value) }
            #expect(raw.isEmpty, "\(arguments) printed raw: \(result.output.debugDescription)")
        }
        #expect(try test.sluice("flows", "show", "shown").stdout.contains("Title\\u{1B}]0;pwned\\u{7}"))
    }

    @Test("fmt and fmt --check fail on a document they cannot format, naming it")
    func formatBroken() throws {
        let test = try initialized()
        #expect(try test.sluice("flows", "new", "F", "--power").status == 0)
        #expect(try test.sluice("fmt", "--check").status == 0)
        try test.write("flows/f/flow.json", "{\"kind\": \"flow\", \"id\": ")
        for arguments in [["fmt", "--check"], ["fmt"]] {
            let result = try SluiceCLI.run(arguments, in: test.root, environment: test.environment)
            #expect(result.status == 1 && result.stderr.contains("skipped (has errors): flows/f/flow.json"), "\(arguments): \(result.output)")
            #expect(!result.output.contains("All documents are in canonical form"))
        }
    }

    @Test("a secret read from standard input never appears in output, files or git")
    func secrets() throws {
        let test = try initialized()
        _ = try test.sluice("flows", "new", "Uses token", "--power")
        let set = try test.sluice("flows", "secrets", "uses-token", "set", "apiToken", input: "TOPSECRET-42\n")
        #expect(set.status == 0, "\(set.output)")
        #expect(!set.output.contains("TOPSECRET"))
        let list = try test.sluice("flows", "secrets", "uses-token", "list")
        #expect(list.stdout == "apiToken\n")
        let show = try test.sluice("flows", "show", "uses-token")
        #expect(show.stdout.contains("apiToken") && !show.stdout.contains("TOPSECRET"))
        #expect(!(try test.allObjectContents()).contains("TOPSECRET"))
        #expect(!(try test.read("flows/uses-token/secrets.json")).contains("TOPSECRET"))
        let argument = try test.sluice("flows", "secrets", "uses-token", "set", "apiToken", "inline")
        #expect(argument.status != 0)
        #expect(argument.stderr.contains("never from arguments"))
        #expect(!argument.output.contains("inline"))
    }

    @Test("connections: secrets from standard input JSON; a secret as an argument is refused")
    func connections() throws {
        let test = try initialized()
        let add = try test.sluice("connections", "add", "slack", "--name", "Team", input: "{\"webhookURL\": \"https://hooks.example/SECRETPATH\"}")
        #expect(add.status == 0, "\(add.output)")
        let refused = try test.sluice("connections", "add", "slack", "--name", "Leak", "--field", "webhookURL=https://x/SECRETPATH", input: "")
        expectOneLineError(refused, containing: "webhookURL is secret")
        let show = try test.sluice("connections", "show", "Team")
        #expect(show.stdout.contains("webhookURL = ••••••") && !show.stdout.contains("SECRETPATH"))
        let overview = try test.sluice("connections", "--json")
        #expect(try JSONParser.parse(overview.stdout)["overview"]?["accounts"] == 1)
        let badJSON = try test.sluice("connections", "add", "slack", "--name", "Bad", input: "{\"webhookURL\": ")
        expectOneLineError(badJSON, containing: "standard input")
        let unquoted = try test.sluice("connections", "add", "slack", "--name", "Bad", input: "{\"webhookURL\": sk_live_UNQUOTED}")
        expectOneLineError(unquoted, containing: "line 1, column 16")
        #expect(!unquoted.output.contains("UNQUOTED"))
        let apps = try test.sluice("apps", "--json")
        #expect(try JSONParser.parse(apps.stdout).arrayValue?.count == 7)
        #expect(!(try test.allObjectContents()).contains("SECRETPATH"))
    }

    @Test("errors are one line with a non-zero exit: unknown flow, outside a workspace, missing key, locked")
    func errors() throws {
        let test = try initialized()
        expectOneLineError(try test.sluice("flows", "show", "nope"), containing: "no flow matches \"nope\"")
        let usage = try test.sluice("flows", "list", "--bogus")
        expectOneLineError(usage, containing: "Unknown option '--bogus' (see `sluice help`)")
        #expect(usage.status == 64)
        let outside = try SluiceCLI.run(["flows", "list"], in: test.directory.path, environment: test.environment)
        expectOneLineError(outside, containing: "is not a Sluice workspace")
        _ = try test.sluice("flows", "new", "F", "--power")
        try FileManager.default.removeItem(atPath: test.configDirectory)
        let missingKey = try test.sluice("flows", "secrets", "f", "set", "k", input: "v")
        expectOneLineError(missingKey, containing: "sluice key import")
        let holder = try ProcessRunner.start("/usr/bin/flock", ["-x", test.root + "/.sluice/lock", "sleep", "20"], in: test.root)
        defer { holder.kill() }
        Thread.sleep(forTimeInterval: 0.3)
        expectOneLineError(try test.sluice("flows", "enable", "f"), containing: "workspace is locked")
    }

    @Test("key export on one machine and import on a clone opens the secrets there")
    func keyTransfer() throws {
        let test = try initialized()
        _ = try test.sluice("flows", "new", "F", "--power")
        _ = try test.sluice("flows", "secrets", "f", "set", "k", input: "value")
        let exported = try test.sluice("key", "export")
        #expect(exported.stdout.hasPrefix("sluice-key:v1:"))
        let other = try TestWorkspace(create: false)
        #expect(try ProcessRunner.git(["clone", "-q", test.root, other.root], in: other.directory.path).status == 0)
        let imported = try other.sluice("key", "import", input: exported.stdout)
        #expect(imported.status == 0, "\(imported.output)")
        let rotate = try other.sluice("key", "rotate")
        #expect(rotate.status == 0, "\(rotate.output)")
        #expect(rotate.stdout.contains("re-encrypted 1 value"))
    }
}
