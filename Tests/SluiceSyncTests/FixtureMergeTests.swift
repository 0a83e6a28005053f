import Foundation
import SluiceJSON
import SluiceMerge
import SluiceSync
import SluiceTestSupport
import Testing

/// Runs every case in `Fixtures/merge/<case>/` with its kind's policy (see docs/merge.md, "Fixture cases").
@Suite struct FixtureMergeTests {
    static let fixturesFolder = URL(fileURLWithPath: TestEnvironment.fixtures + "/merge", isDirectory: true)

    /// The case folders, sorted.
    static let caseNames: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: fixturesFolder.path)) ?? []
        return entries.filter { name in
            var isFolder: ObjCBool = false
            let path = fixturesFolder.appendingPathComponent(name).path
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                && isFolder.boolValue
        }.sorted()
    }()

    /// Guards against the parameterized test passing with no cases at all.
    @Test func thereAreEnoughCases() {
        #expect(Self.caseNames.count >= 80, "expected at least 80 merge cases in \(Self.fixturesFolder.path), found \(Self.caseNames.count)")
    }

    @Test(arguments: caseNames)
    func fixtureCase(_ name: String) throws {
        let folder = Self.fixturesFolder.appendingPathComponent(name, isDirectory: true)
        let base = try Self.document("base.json", in: folder)
        let ours = try Self.document("ours.json", in: folder)
        let theirs = try Self.document("theirs.json", in: folder)
        let expected = try Self.document("expected.json", in: folder)
        let conflictsDocument = try #require(try Self.document("conflicts.json", in: folder), "\(name) has no conflicts.json")
        let expectedConflicts = try #require(conflictsDocument.arrayValue, "conflicts.json of \(name) is not an array").map {
            "\($0["pointer"]?.stringValue ?? "?") \($0["kind"]?.stringValue ?? "?")"
        }

        let kind = DocumentMergePolicies.kind(named: ours ?? theirs ?? base)
        let result = JSONMerge.merge(base: base, ours: ours, theirs: theirs, policy: DocumentMergePolicies.policy(for: kind))

        #expect(
            Self.jsonEqual(result.value, expected),
            "\(name): got \(result.value?.compactText() ?? "absent"), expected \(expected?.compactText() ?? "absent")")
        #expect(result.conflicts.map { "\($0.pointer) \($0.kind.rawValue)" } == expectedConflicts, "\(name)")
        if Self.jsonEqual(result.value, expected) {
            #expect(Self.keyOrder(result.value) == Self.keyOrder(expected), "\(name): member order differs")
        }
    }

    /// Every object member's path, in document order: equal values with different member order differ here.
    static func keyOrder(_ value: JSONValue?, prefix: String = "") -> [String] {
        switch value {
        case .object(let object)?:
            return object.flatMap { [prefix + "/" + $0.key] + keyOrder($0.value, prefix: prefix + "/" + $0.key) }
        case .array(let items)?:
            return items.enumerated().flatMap { keyOrder($1, prefix: prefix + "/\($0)") }
        default:
            return []
        }
    }

    /// The parsed file, or nil when the case has no such file (the document is absent).
    static func document(_ file: String, in folder: URL) throws -> JSONValue? {
        let url = folder.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONParser.parse(try Data(contentsOf: url))
    }

    /// JSON equality: object key order ignored, numbers by value. Written out here rather than
    /// borrowed from the library, so that the fixtures check the library independently.
    static func jsonEqual(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (.number(let left)?, .number(let right)?):
            return left == right || (Decimal(string: left.literal) ?? .nan) == (Decimal(string: right.literal) ?? .nan)
        case (.array(let left)?, .array(let right)?):
            return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
        case (.object(let left)?, .object(let right)?):
            return left.count == right.count && left.allSatisfy { jsonEqual($0.value, right[$0.key]) }
        case (let left?, let right?): return left == right
        default: return false
        }
    }
}
