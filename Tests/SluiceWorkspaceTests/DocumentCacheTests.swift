import Foundation
import GRDB
import SluiceDocuments
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Document cache")
struct DocumentCacheTests {
    /// A workspace with committed and uncommitted documents that have problems of their own and across documents.
    func workspaceWithProblems() throws -> TestWorkspace {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Tagger", type: nil, template: "tag-by-folder")
        let caller = try FlowService(workspace).create(name: "Caller", type: .power)
        try EnvironmentService(workspace).setVariable("cdnHost", value: "cdn.example.com")
        // Committed by the git CLI, so Sluice's checks never saw them: an unknown env variable and a called flow
        // that does not exist, secrets without a flow, a duplicate id and a stray file.
        var text = try test.read(caller.path)
        text = text.replacingOccurrences(of: "\"blocks\": [", with: "\"description\": \"{{env.missing}} and {{env.cdnHost}}\",\n  \"blocks\": [")
        try test.write(caller.path, text)
        try test.write(
            "flows/orphan/secrets.json", #"{"kind": "flowSecrets", "id": "sec_orphan", "schemaVersion": 1, "flow": "flw_gone", "secrets": {}}"#)
        try test.write("flows/copy/flow.json", try test.read("flows/tagger/flow.json"))
        try test.write("flows/tagger/notes.json", "{}")
        _ = try test.git("add", "-A")
        _ = try test.git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "hand edits")
        // Not committed: a syntax error and a new flow calling a missing flow.
        try test.write("connections/slack/broken.json", "{\"kind\": \"connection\",\n  \"id\": }")
        return test
    }

    /// What validation found before the cache: every document parsed, cross-document checks on the parsed documents.
    func fullParseProblems(_ workspace: WorkspaceContext) throws -> [String] {
        let snapshot = try workspace.snapshot()
        var documents = snapshot.listing.paths.map { DocumentParser.parse(path: $0, inWorkspace: workspace.root) }
        WorkspaceChecker.check(&documents)
        return documents.flatMap(\.problems).map(\.description)
    }

    func rowCount(_ test: TestWorkspace) throws -> Int {
        let database = try DatabaseQueue(path: test.root + "/" + DocumentFactsReader.cachePath)
        return try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM facts") } ?? 0
    }

    /// Replaces the cached facts of `path` with ones carrying a problem only the cache knows of.
    func plantProblem(in test: TestWorkspace, at path: String) throws {
        let database = try DatabaseQueue(path: test.root + "/" + DocumentFactsReader.cachePath)
        try database.write { db in
            let text = try #require(try String.fetchOne(db, sql: "SELECT facts FROM facts WHERE path = ?", arguments: [path]))
            guard case .object(var object) = try JSONParser.parse(text) else { throw CacheTestFailure("cached facts are not an object") }
            object["problems"] = [["/", "planted in the cache", "warning", 1, 1]]
            try db.execute(sql: "UPDATE facts SET facts = ? WHERE path = ?", arguments: [JSONValue.object(object).compactText(), path])
        }
    }

    @Test("validation from the cache reports exactly what a full parse reports, cold and warm")
    func sameProblems() throws {
        let test = try workspaceWithProblems()
        let expected = try fullParseProblems(try test.open())
        #expect(expected.contains { $0.contains("unknown environment variable \"missing\"") })
        #expect(expected.contains { $0.contains("duplicate id") })
        #expect(expected.contains { $0.contains("secrets without a flow") })
        #expect(expected.contains { $0.contains("not a place for a Sluice document") })
        #expect(expected.contains { $0.hasPrefix("connections/slack/broken.json:2:") })

        let cold = try WorkspaceService(test.open()).validate().map(\.description)
        #expect(cold == expected)
        // Every committed document is cached; the uncommitted one is not.
        #expect(try rowCount(test) == (try test.git("ls-files", "*.json").stdout.split(separator: "\n").filter { !$0.hasPrefix("schemas/") }.count))
        let warm = try WorkspaceService(test.open()).validate().map(\.description)
        #expect(warm == expected)
        // A stray file in a flow folder is listed with the flows, as invalid, so it is not overlooked.
        let listed = try FlowService(test.open()).list().map { "\($0.path) \($0.valid)" }
        #expect(
            listed == [
                "flows/caller/flow.json true", "flows/copy/flow.json true", "flows/tagger/flow.json true", "flows/tagger/notes.json false",
            ])
    }

    /// Proves cache hits by planting a problem only the cache holds, then shows that edits, deletions and new files
    /// are read from the work tree.
    @Test("unchanged documents come from the cache; edited, new and deleted ones are read afresh")
    func hitsAndMisses() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let flow = try FlowService(workspace).create(name: "Tagger", type: nil, template: "tag-by-folder")
        #expect(try WorkspaceService(workspace).validate().isEmpty)
        try plantProblem(in: test, at: flow.path)
        #expect(try WorkspaceService(test.open()).validate().map(\.message) == ["planted in the cache"])

        // Staged but unchanged since: still the index's content, still a hit.
        _ = try test.git("add", flow.path)
        #expect(try WorkspaceService(test.open()).validate().map(\.message) == ["planted in the cache"])

        try test.write(flow.path, try test.read(flow.path).replacingOccurrences(of: "\"Tagger\"", with: "\"Tagger 2\""))
        #expect(try WorkspaceService(test.open()).validate().isEmpty)
        #expect(try FlowService(test.open()).list().map(\.name) == ["Tagger 2"])

        try test.write("flows/new/flow.json", "{\"kind\": \"flow\"}")
        #expect(try WorkspaceService(test.open()).validate().contains { $0.path == "flows/new/flow.json" })
        try FileManager.default.removeItem(atPath: test.root + "/flows/new")
        try FileManager.default.removeItem(atPath: test.root + "/" + flow.path)
        #expect(try WorkspaceService(test.open()).validate().isEmpty)
        #expect(try FlowService(test.open()).list().isEmpty)
    }

    @Test("a cache from other rules, a damaged cache and an unusable cache never change the results")
    func badCaches() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let flow = try FlowService(workspace).create(name: "Tagger", type: nil, template: "tag-by-folder")
        #expect(try WorkspaceService(workspace).validate().isEmpty)

        try plantProblem(in: test, at: flow.path)
        let database = try DatabaseQueue(path: test.root + "/" + DocumentFactsReader.cachePath)
        try database.write { try $0.execute(sql: "UPDATE meta SET value = 'older rules' WHERE key = 'rules'") }
        #expect(try WorkspaceService(test.open()).validate().isEmpty)
        #expect(try rowCount(test) == 3)

        let cachePath = test.root + "/" + DocumentFactsReader.cachePath
        try Data("this is not a database, it was damaged".utf8).write(to: URL(fileURLWithPath: cachePath))
        let quiet = NoticeLog()
        #expect(try WorkspaceService(test.open().reporting(to: quiet)).validate().isEmpty)
        #expect(quiet.notices.isEmpty)
        #expect(try rowCount(test) == 3)

        // A file where the cache folder should be: the cache cannot exist, validation goes on without it and says so.
        try FileManager.default.removeItem(atPath: test.root + "/.sluice/cache")
        try Data().write(to: URL(fileURLWithPath: test.root + "/.sluice/cache"))
        let heard = NoticeLog()
        let withoutCache = try test.open().reporting(to: heard)
        try test.write(flow.path, try test.read(flow.path).replacingOccurrences(of: "\"operation\": \"add\"", with: "\"operation\": \"bad\""))
        #expect(try WorkspaceService(withoutCache).validate().map(\.pointer.description) == ["/blocks/1/config/operation"])
        #expect(heard.notices.contains { "\($0)".contains("document cache") })
    }

    @Test("a document ignored by .gitignore is not part of the workspace")
    func ignoredDocuments() throws {
        let test = try TestWorkspace()
        try test.write(".gitignore", try test.read(".gitignore") + "flows/scratch/\n")
        try test.write("flows/scratch/flow.json", "not json")
        #expect(try WorkspaceService(test.open()).validate().isEmpty)
        try test.write("flows/other/flow.json", "not json")
        #expect(try WorkspaceService(test.open()).validate().map(\.path) == ["flows/other/flow.json"])
    }
}

struct CacheTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
