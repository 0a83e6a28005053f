import SluiceJSON
import Testing

@testable import SluiceDocuments

/// A valid power flow that tests break in one place at a time.
let validFlowText = """
    {
      "kind": "flow",
      "id": "flw_test",
      "schemaVersion": 1,
      "name": "Tag uploads",
      "type": "power",
      "enabled": true,
      "favorite": false,
      "variables": {
        "label": "product"
      },
      "blocks": [
        {
          "id": "upload",
          "type": "asset.uploaded",
          "name": "On upload",
          "config": {
            "resourceTypes": ["image"]
          },
          "next": ["tag"]
        },
        {
          "id": "tag",
          "type": "update-tags",
          "name": "Tag",
          "config": {
            "asset": "{{trigger.asset.publicId}}",
            "operation": "add",
            "tags": ["{{vars.label}}"]
          }
        }
      ]
    }
    """

@Suite("Document parser")
struct DocumentParserTests {
    let path = "flows/tag-uploads/flow.json"

    @Test("a valid flow loads with no problems")
    func validFlow() throws {
        let parsed = DocumentParser.parse(path: path, bytes: Array(validFlowText.utf8))
        #expect(parsed.problems.isEmpty)
        let document = try #require(parsed.document)
        guard case .flow(let flow) = document else { Issue.record("expected a flow"); return }
        #expect(flow.name == "Tag uploads")
        #expect(flow.blocks?.count == 2)
    }

    /// Each planted error is reported at the right pointer, line and column, with a message that names it.
    @Test(arguments: [
        PlantedError("malformed JSON", replace: "\"enabled\": true,", with: "\"enabled\": true,,", pointer: "*", message: "invalid JSON", line: 7),
        PlantedError(
            "wrong type", replace: "\"enabled\": true", with: "\"enabled\": \"yes\"", pointer: "/enabled", message: "expected boolean", line: 7),
        PlantedError(
            "unknown field", replace: "\"favorite\": false,", with: "\"favorite\": false,\n  \"colour\": \"red\",", pointer: "/colour",
            message: "unknown field \"colour\"", line: 9),
        PlantedError(
            "missing field", replace: "\"name\": \"Tag uploads\",", with: "", pointer: "/", message: "missing required field \"name\"", line: 1),
        PlantedError(
            "duplicate key", replace: "\"favorite\": false,", with: "\"favorite\": false,\n  \"favorite\": true,", pointer: "*",
            message: "duplicate key \"favorite\"", line: 9),
        PlantedError(
            "unknown block type", replace: "\"type\": \"update-tags\"", with: "\"type\": \"update-tagz\"", pointer: "/blocks/1/type",
            message: "unknown block type \"update-tagz\"", line: 24),
        PlantedError(
            "bad block config", replace: "\"operation\": \"add\"", with: "\"operation\": \"append\"", pointer: "/blocks/1/config/operation",
            message: "must be one of", line: 28),
        PlantedError(
            "a time-out too long to wait", replace: "\"name\": \"Tag\",", with: "\"name\": \"Tag\",\n      \"timeoutSeconds\": 2e10,",
            pointer: "/blocks/1/timeoutSeconds", message: "must be at most 2592000", line: 26),
        PlantedError(
            "a retry back-off too long to wait", replace: "\"name\": \"Tag\",",
            with: "\"name\": \"Tag\",\n      \"retry\": {\"attempts\": 2, \"backoffSeconds\": 1e300},", pointer: "/blocks/1/retry/backoffSeconds",
            message: "must be at most 86400", line: 26),
        PlantedError(
            "duplicate block id", replace: "\"id\": \"tag\"", with: "\"id\": \"upload\"", pointer: "/blocks/1/id",
            message: "duplicate block id \"upload\"", line: 23),
        PlantedError(
            "dangling port", replace: "\"next\": [\"tag\"]", with: "\"next\": [\"tagg\"]", pointer: "/blocks/0/next/0",
            message: "unknown block \"tagg\"", line: 20),
        PlantedError(
            "no trigger",
            replace:
                "\"type\": \"asset.uploaded\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"resourceTypes\": [\"image\"]\n      }",
            with: "\"type\": \"delay\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"seconds\": 1\n      }", pointer: "/blocks",
            message: "needs exactly one trigger", line: 12),
        PlantedError(
            "second trigger",
            replace:
                "\"type\": \"update-tags\",\n      \"name\": \"Tag\",\n      \"config\": {\n        \"asset\": \"{{trigger.asset.publicId}}\",\n        \"operation\": \"add\",\n        \"tags\": [\"{{vars.label}}\"]\n      }",
            with: "\"type\": \"manual\",\n      \"name\": \"Tag\",\n      \"config\": {}", pointer: "/blocks/1/type", message: "exactly one trigger",
            line: 24),
        PlantedError(
            "port the type lacks", replace: "\"next\": [\"tag\"]", with: "\"then\": [\"tag\"]", pointer: "/blocks/0/then",
            message: "has no \"then\" port", line: 20),
        PlantedError(
            "unknown block reference", replace: "{{trigger.asset.publicId}}", with: "{{blocks.search.output.id}}", pointer: "/blocks/1/config/asset",
            message: "unknown block \"search\"", line: 27),
        PlantedError(
            "unknown variable", replace: "{{vars.label}}", with: "{{vars.lable}}", pointer: "/blocks/1/config/tags/0",
            message: "unknown flow variable \"lable\"", line: 29),
        PlantedError(
            "unknown namespace", replace: "{{vars.label}}", with: "{{varz.label}}", pointer: "/blocks/1/config/tags/0",
            message: "unknown dynamic value", line: 29),
        PlantedError(
            "a search expression that cannot run",
            replace:
                "\"type\": \"update-tags\",\n      \"name\": \"Tag\",\n      \"config\": {\n        \"asset\": \"{{trigger.asset.publicId}}\",\n        \"operation\": \"add\",\n        \"tags\": [\"{{vars.label}}\"]\n      }",
            with:
                "\"type\": \"search-media\",\n      \"name\": \"Tag\",\n      \"config\": {\n        \"expression\": \"tags:a AND color:red\"\n      }",
            pointer: "/blocks/1/config/expression", message: "search expression, at character 12: unknown field \"color\"", line: 27),
        PlantedError(
            "a cron expression out of range",
            replace:
                "\"type\": \"asset.uploaded\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"resourceTypes\": [\"image\"]\n      }",
            with: "\"type\": \"schedule\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"cron\": \"99 99 * * 1\"\n      }",
            pointer: "/blocks/0/config/cron", message: "cron expression: field 1 (minute): 99 is outside 0–59", line: 18),
        PlantedError(
            "a cron expression that never runs",
            replace:
                "\"type\": \"asset.uploaded\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"resourceTypes\": [\"image\"]\n      }",
            with: "\"type\": \"schedule\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"cron\": \"0 0 31 2 *\"\n      }",
            pointer: "/blocks/0/config/cron", message: "the schedule would never run", line: 18),
        PlantedError(
            "an unknown time zone",
            replace:
                "\"type\": \"asset.uploaded\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"resourceTypes\": [\"image\"]\n      }",
            with:
                "\"type\": \"schedule\",\n      \"name\": \"On upload\",\n      \"config\": {\n        \"cron\": \"@daily\",\n        \"timezone\": \"Mars/Olympus\"\n      }",
            pointer: "/blocks/0/config/timezone", message: "\"Mars/Olympus\" is not an IANA time zone", line: 19),
        PlantedError(
            "a block value without output", replace: "{{trigger.asset.publicId}}", with: "{{blocks.upload.publicId}}",
            pointer: "/blocks/1/config/asset",
            message: "read as blocks.upload.output", line: 27),
        PlantedError(
            "an empty path segment", replace: "{{trigger.asset.publicId}}", with: "{{trigger.asset..publicId}}", pointer: "/blocks/1/config/asset",
            message: "an empty name between dots", line: 27),
        PlantedError(
            "a secret with a path", replace: "{{vars.label}}", with: "{{secrets.key.part}}", pointer: "/blocks/1/config/tags/0",
            message: "a secret is one value", line: 29),
        PlantedError(
            "a name with an escape sequence", replace: "\"name\": \"Tag uploads\"", with: "\"name\": \"Tag\\n\\u001b[31muploads\"", pointer: "/name",
            message: "(it reads \"Tag\\u{A}\\u{1B}[31muploads\")", line: 5),
        PlantedError(
            "a block name with a right-to-left override", replace: "\"name\": \"Tag\",", with: "\"name\": \"Tag\\u202egpj.exe\",",
            pointer: "/blocks/1/name", message: "a block name must not contain control, bidirectional or invisible characters", line: 25),
        PlantedError(
            "a variable key longer than the CLI allows", replace: "\"label\": \"product\"",
            with: "\"" + String(repeating: "k", count: 101) + "\": \"product\"", pointer: "/variables/" + String(repeating: "k", count: 101),
            message: "must match pattern", line: 10),
        PlantedError(
            "an error notification that is not HTTP", replace: "\"favorite\": false,",
            with: "\"favorite\": false,\n  \"errorNotification\": {\"url\": \"file:///etc/passwd\"},", pointer: "/errorNotification/url",
            message: "must match pattern", line: 9),
        PlantedError(
            "wrong kind", replace: "\"kind\": \"flow\"", with: "\"kind\": \"connection\"", pointer: "/kind", message: "does not belong", line: 2),
        PlantedError(
            "unknown kind", replace: "\"kind\": \"flow\"", with: "\"kind\": \"flowz\"", pointer: "/kind", message: "unknown kind \"flowz\"", line: 2),
        PlantedError(
            "unsafe id", replace: "\"id\": \"flw_test\"", with: "\"id\": \"../etc\"", pointer: "/id", message: "must match pattern", line: 3),
    ])
    func plantedError(_ planted: PlantedError) throws {
        let text = validFlowText.replacingOccurrences(of: planted.replace, with: planted.with)
        #expect(text != validFlowText, "the fixture no longer contains \(planted.replace)")
        let parsed = DocumentParser.parse(path: path, bytes: Array(text.utf8))
        #expect(parsed.document == nil)
        let problem = try #require(
            parsed.problems.first { (planted.pointer == "*" || $0.pointer.display == planted.pointer) && $0.message.contains(planted.message) },
            "\(planted.name): got \(parsed.problems.map(\.description))")
        #expect(problem.line == planted.line, "\(planted.name): \(problem)")
        #expect(problem.description.hasPrefix("\(path):\(planted.line):"))
    }

    @Test("a cycle is reported at the edge that closes it")
    func cycle() throws {
        let text = validFlowText.replacingOccurrences(
            of: "\"tags\": [\"{{vars.label}}\"]\n      }", with: "\"tags\": [\"{{vars.label}}\"]\n      },\n      \"next\": [\"again\"]"
        )
        .replacingOccurrences(
            of: "  ]\n}",
            with: "  ,{\"id\": \"again\", \"type\": \"delay\", \"name\": \"Wait\", \"config\": {\"seconds\": 1}, \"next\": [\"tag\"]}]\n}")
        let parsed = DocumentParser.parse(path: path, bytes: Array(text.utf8))
        let problem = try #require(parsed.problems.first { $0.message.hasPrefix("cycle") }, "\(parsed.problems)")
        #expect(problem.message.contains("tag → again → tag"))
        #expect(problem.pointer.display == "/blocks/2/next/0")
    }

    @Test("an oversized document is refused before parsing")
    func oversized() {
        let bytes = [UInt8](repeating: UInt8(ascii: " "), count: DocumentParser.maximumBytes + 1)
        let parsed = DocumentParser.parse(path: path, bytes: bytes)
        #expect(parsed.problems.first?.message.contains("limit") == true)
    }

    @Test("a JSON file where no document belongs is reported")
    func strayFile() {
        let parsed = DocumentParser.parse(path: "flows/x/notes.json", bytes: Array("{}".utf8))
        #expect(parsed.problems.first?.message == "not a place for a Sluice document")
    }

    @Test("a missing connection on a block that needs one is a warning, not an error")
    func missingConnectionWarning() throws {
        let text =
            validFlowText
            .replacingOccurrences(of: "\"type\": \"update-tags\"", with: "\"type\": \"slack-message\"")
            .replacingOccurrences(
                of: "\"asset\": \"{{trigger.asset.publicId}}\",\n        \"operation\": \"add\",\n        \"tags\": [\"{{vars.label}}\"]",
                with: "\"text\": \"{{vars.label}}\"")
        let parsed = DocumentParser.parse(path: path, bytes: Array(text.utf8))
        #expect(parsed.document != nil)
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems.first?.severity == .warning)
    }

    @Test("a {{ that is never closed is a warning; a search, schedule or zone with dynamic values waits for the run")
    func unclosedAndDynamic() throws {
        let unclosed = validFlowText.replacingOccurrences(of: "{{vars.label}}", with: "{{vars.label}} and {{vars.label")
        let parsed = DocumentParser.parse(path: path, bytes: Array(unclosed.utf8))
        #expect(parsed.document != nil && parsed.problems.count == 1)
        #expect(parsed.problems.first?.severity == .warning && parsed.problems.first?.pointer.display == "/blocks/1/config/tags/0")
        let dynamic = validFlowText.replacingOccurrences(
            of:
                "\"type\": \"update-tags\",\n      \"name\": \"Tag\",\n      \"config\": {\n        \"asset\": \"{{trigger.asset.publicId}}\",\n        \"operation\": \"add\",\n        \"tags\": [\"{{vars.label}}\"]\n      }",
            with:
                "\"type\": \"search-media\",\n      \"name\": \"Tag\",\n      \"config\": {\n        \"expression\": \"tags:{{vars.label}} AND width>\"\n      }"
        )
        #expect(dynamic != validFlowText)
        #expect(DocumentParser.parse(path: path, bytes: Array(dynamic.utf8)).problems.isEmpty)
    }

    @Test("canonical bytes read back to the same document and are a fixed point")
    func canonicalRoundTrip() throws {
        let parsed = DocumentParser.parse(path: path, bytes: Array(validFlowText.utf8))
        let document = try #require(parsed.document)
        #expect(!parsed.isCanonical)
        let canonical = try document.canonicalBytes(at: path)
        let reread = DocumentParser.parse(path: path, bytes: canonical)
        #expect(reread.document == document.withSchema(at: path))
        #expect(reread.isCanonical)
        let text = String(decoding: canonical, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"$schema\": \"../../schemas/flow.schema.json\",\n  \"kind\": \"flow\",\n  \"id\": \"flw_test\","))
        #expect(text.hasSuffix("}\n"))
    }
}

/// One planted error and where it must be reported.
struct PlantedError: Sendable, CustomTestStringConvertible {
    var name: String
    var replace: String
    var with: String
    var pointer: String
    var message: String
    var line: Int
    init(_ name: String, replace: String, with: String, pointer: String, message: String, line: Int) {
        self.name = name
        self.replace = replace
        self.with = with
        self.pointer = pointer
        self.message = message
        self.line = line
    }
    var testDescription: String { name }
}

extension AnyDocument {
    /// The document as it reads back after a canonical write at `path` (with `$schema` set).
    func withSchema(at path: String) -> AnyDocument {
        guard case .flow(var flow) = self else { return self }
        flow.schema = WorkspaceLayout.schemaReference(for: .flow, at: path)
        return .flow(flow)
    }
}
