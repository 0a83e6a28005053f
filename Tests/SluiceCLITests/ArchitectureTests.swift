import Foundation
import SluiceTestSupport
import Testing

/// The package graph is a line (docs/architecture.md): each target knows only the targets below it.
@Suite("Architecture")
struct ArchitectureTests {
    /// The targets from the bottom up.
    static let line = [
        "CLibGit2", "CVips", "SluiceGit", "SluiceJSON", "SluiceMerge", "SluiceDocuments", "SluiceImaging", "SluiceMedia", "SluiceRunner",
        "SluiceSync", "SluiceWorkspace", "SluiceServer", "sluice",
    ]

    /// The modules of the line (and test support) a source folder imports, with the file that does.
    static func imports(in folder: String) throws -> [(module: String, file: String)] {
        let root = TestEnvironment.packageRoot + "/" + folder
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty, "no Swift files in \(folder)")
        let pattern = try Regex(#"^(?:@\w+\s+)*import\s+(\w+)"#)
        return try files.flatMap { file in
            try String(contentsOfFile: root + "/" + file, encoding: .utf8).split(separator: "\n").compactMap { line -> (String, String)? in
                guard let match = try pattern.firstMatch(in: String(line)), let module = match.output[1].substring else { return nil }
                return (String(module), file)
            }
        }.filter { line.contains($0.module) || $0.module.hasPrefix("Sluice") }
    }

    @Test(
        "every library and the command line import only targets below them in the line",
        arguments: line.filter { !["CLibGit2", "CVips"].contains($0) })
    func onlyBelow(target: String) throws {
        let position = try #require(Self.line.firstIndex(of: target))
        for (module, file) in try Self.imports(in: "Sources/" + target) {
            let imported = try #require(Self.line.firstIndex(of: module), "\(target)/\(file) imports \(module), which is not in the line")
            #expect(imported < position, "\(target)/\(file) imports \(module), which is not below \(target)")
        }
    }

    @Test("the bottom test support knows only the pure libraries; workspace-level support sits on the services")
    func testSupport() throws {
        let bottom = Set(try Self.imports(in: "Sources/SluiceTestSupport").map(\.module))
        #expect(bottom.isSubset(of: ["SluiceJSON", "SluiceMerge"]), "\(bottom)")
        let upper = Set(try Self.imports(in: "Sources/SluiceWorkspaceTestSupport").map(\.module))
        // JSON values, to write documents the way an editor would.
        #expect(upper.isSubset(of: ["SluiceTestSupport", "SluiceWorkspace", "SluiceJSON"]), "\(upper)")
    }

    @Test("the structural merge knows no kind of Sluice document")
    func pureMerge() throws {
        let root = TestEnvironment.packageRoot + "/Sources/SluiceMerge"
        for file in try FileManager.default.contentsOfDirectory(atPath: root) {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for kind in ["\"flow\"", "\"notification\"", "\"connection\"", "\"manifest\"", "invalid"] {
                #expect(!text.contains(kind), "SluiceMerge/\(file) mentions \(kind)")
            }
        }
    }

    @Test("no command holds logic: commands parse arguments, call one service and print")
    func thinCommands() throws {
        let root = TestEnvironment.packageRoot + "/Sources/sluice/Commands"
        for file in try FileManager.default.contentsOfDirectory(atPath: root) {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            // The signs of logic that used to live here: reading the workspace's files, building paths into it, dates.
            for sign in ["WorkspaceLayout", "Calendar(", "DateComponents", "FileManager.default.contents", "Repository"] {
                #expect(!text.contains(sign), "Commands/\(file) uses \(sign)")
            }
        }
    }
}
