import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceSync
import SluiceTestSupport
import Testing

/// The file merge of `merge-file`, the merge driver, sync, promote and import updates.
@Suite("Document merge")
struct DocumentMergerTests {
    /// A power flow: a manual trigger, then delay blocks `a`, `b`, `c`, each with the `next` list given.
    static func flow(_ blocks: [(id: String, next: [String])], trigger: [String] = ["a"]) -> String {
        var lines = [
            #"{"kind": "flow", "id": "flw_m", "schemaVersion": 1, "name": "M", "type": "power", "enabled": false, "favorite": false,"#,
            #"  "blocks": ["#,
            #"    {"id": "start", "type": "manual", "name": "Start", "config": {}, "next": \#(list(trigger))}"#,
        ]
        for block in blocks {
            lines[lines.count - 1] += ","
            lines.append(
                #"    {"id": "\#(block.id)", "type": "delay", "name": "\#(block.id)", "config": {"seconds": 0}, "next": \#(list(block.next))}"#)
        }
        return (lines + ["  ]", "}", ""]).joined(separator: "\n")
    }

    private static func list(_ ids: [String]) -> String { "[" + ids.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }

    static func merge(_ base: String, _ ours: String, _ theirs: String, path: String? = nil) throws -> DocumentMergeOutcome {
        try DocumentMerger.merge(
            DocumentMerger.Input(
                base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: path, names: ("base", "ours", "theirs")))
    }

    /// Each side's change is fine alone; together they break a rule of the flow.
    static let brokenCombinations: [(name: String, base: String, ours: String, theirs: String, pointer: String)] = [
        (
            "one side deletes a block, the other links to it",
            flow([("a", []), ("b", [])]), flow([("a", [])]), flow([("a", ["b"]), ("b", [])]), "/blocks/1/next/0"
        ),
        (
            "two new links close a cycle",
            flow([("a", []), ("b", [])]), flow([("a", ["b"]), ("b", [])]), flow([("a", []), ("b", ["a"])]), "/blocks/2/next/0"
        ),
        (
            "a new block links to a block the other side deleted",
            flow([("a", []), ("b", [])]), flow([("a", []), ("b", []), ("c", ["b"])]), flow([("a", [])]), "/blocks/2/next/0"
        ),
    ]

    @Test("a rule the two sides break only together is a conflict at its pointer, kept as ours", arguments: brokenCombinations.map(\.name))
    func brokenRule(name: String) throws {
        let example = try #require(Self.brokenCombinations.first { $0.name == name })
        for document in [example.base, example.ours, example.theirs] {
            let parsed = DocumentParser.parse(path: "flows/m/flow.json", bytes: Array(document.utf8))
            #expect(parsed.isValid, "\(parsed.problems)")
        }
        for path in [nil, "flows/m/flow.json"] {
            let outcome = try Self.merge(example.base, example.ours, example.theirs, path: path)
            guard case .structural(let bytes, let conflicts) = outcome else {
                Issue.record("expected a structural merge")
                continue
            }
            #expect(conflicts.map(\.kind) == [.invalid], "\(conflicts)")
            #expect(conflicts.first?.pointer.description == example.pointer)
            #expect(conflicts.first?.rule?.isEmpty == false)
            #expect(try JSONParser.parse(bytes ?? []).value(at: JSONPointer(parsing: "/blocks")) != nil)
        }
    }

    @Test("an error a side had already is not blamed on the merge")
    func existingErrors() throws {
        let broken = Self.flow([("a", ["nowhere"]), ("b", [])])
        let outcome = try Self.merge(broken, broken.replacingOccurrences(of: #""name": "b""#, with: #""name": "B""#), broken)
        #expect(outcome.isClean)
    }

    @Test("two additions that together pass the size limit are a conflict of the whole document")
    func sizeLimit() throws {
        let base = Self.flow([("a", [])])
        let half = String(repeating: "x", count: DocumentParser.maximumBytes / 2 + 16)
        func adding(_ name: String) -> String {
            base.replacingOccurrences(of: #""favorite": false,"#, with: #""favorite": false, "variables": {"\#(name)": "\#(half)"},"#)
        }
        let outcome = try Self.merge(base, adding("one"), adding("two"), path: "flows/m/flow.json")
        let conflict = try #require(outcome.conflicts.first)
        #expect(outcome.conflicts.count == 1)
        #expect(conflict.kind == .invalid && conflict.pointer == .root)
        #expect(conflict.rule?.contains("the limit is \(DocumentParser.maximumBytes)") == true)
    }

    @Test("a merged document is written in its kind's canonical form")
    func canonical() throws {
        let base = Self.flow([("a", [])])
        let outcome = try Self.merge(base, base.replacingOccurrences(of: "\"M\"", with: "\"Renamed\""), base, path: "flows/m/flow.json")
        let bytes = try #require(outcome.bytes)
        let parsed = DocumentParser.parse(path: "flows/m/flow.json", bytes: bytes)
        #expect(parsed.isValid && parsed.isCanonical)
    }

    /// Inputs that are not strict JSON, where only a line merge can start.
    static let notStrict: [(name: String, base: String, ours: String, theirs: String)] = [
        (
            "a duplicate key", "{\n  \"a\": 1,\n  \"a\": 2,\n  \"b\": 0\n}\n", "{\n  \"a\": 1,\n  \"a\": 3,\n  \"b\": 0\n}\n",
            "{\n  \"a\": 1,\n  \"a\": 2,\n  \"b\": 9\n}\n"
        ),
        ("a comment", "// x\n{\n  \"a\": 1,\n  \"b\": 2\n}\n", "// x\n{\n  \"a\": 5,\n  \"b\": 2\n}\n", "// y\n{\n  \"a\": 1,\n  \"b\": 2\n}\n"),
        ("a trailing comma", "[\n  1,\n  2,\n]\n", "[\n  0,\n  1,\n  2,\n]\n", "[\n  1,\n  2,\n  3,\n]\n"),
        ("a file cut short", "{\n  \"a\": 1,\n", "{\n  \"a\": 2,\n", "{\n  \"a\": 1,\n"),
        ("both change the same line", "{\"a\": 1,}\n", "{\"a\": 2,}\n", "{\"a\": 3,}\n"),
    ]

    @Test("a version that is not strict JSON is merged line by line exactly as git merge-file does", arguments: notStrict.map(\.name))
    func lineMergeFallback(name: String) throws {
        let example = try #require(Self.notStrict.first { $0.name == name })
        let outcome = try Self.merge(example.base, example.ours, example.theirs)
        guard case .lines(let merged, let reason) = outcome else {
            Issue.record("expected git's line merge, got \(outcome)")
            return
        }
        #expect(!reason.description.isEmpty)
        try withTemporaryDirectory { folder in
            for (file, text) in [("base", example.base), ("ours", example.ours), ("theirs", example.theirs)] { try writeFile(file, text, in: folder) }
            let git = try ProcessRunner.git(["merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", "ours", "base", "theirs"], in: folder)
            #expect(String(decoding: merged.bytes, as: UTF8.self) == git.stdout)
            #expect(Int32(merged.conflicts) == git.status)
            #expect(outcome.conflicts.count == (git.status == 0 ? 0 : 1))
        }
    }
}
