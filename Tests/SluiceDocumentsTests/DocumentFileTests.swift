import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceDocuments

/// Documents are read from the work tree only as regular files, with their size checked before reading.
@Suite("Document files")
struct DocumentFileTests {
    /// A workspace folder with `flows/<name>/` ready for each case.
    func workspace(_ names: [String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for name in names { try FileManager.default.createDirectory(atPath: directory.child("flows/\(name)"), withIntermediateDirectories: true) }
        return directory
    }

    @Test("a symbolic link is refused without reading its target, even one inside the workspace")
    func symbolicLink() throws {
        let directory = try workspace(["outside", "inside", "real"])
        let outside = try TemporaryDirectory()
        try writeFile("target.json", "{\"secret\": \"OUTSIDE-CONTENT\"}", in: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: directory.child("flows/outside/flow.json"), withDestinationPath: outside.child("target.json"))
        try writeFile("flows/real/flow.json", validFlowText, in: directory.path)
        try FileManager.default.createSymbolicLink(atPath: directory.child("flows/inside/flow.json"), withDestinationPath: "../real/flow.json")
        for name in ["outside", "inside"] {
            let parsed = DocumentParser.parse(path: "flows/\(name)/flow.json", inWorkspace: directory.path)
            #expect(parsed.problems.map(\.message) == [DocumentFile.Refusal.symbolicLink.description])
            #expect(!parsed.problems.description.contains("OUTSIDE-CONTENT") && parsed.document == nil)
        }
        #expect(DocumentParser.parse(path: "flows/real/flow.json", inWorkspace: directory.path).isValid)
    }

    @Test("a FIFO is refused at once instead of blocking the reader, and so is a folder")
    func specialFiles() throws {
        let directory = try workspace(["fifo", "folder"])
        #expect(mkfifo(directory.child("flows/fifo/flow.json"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: directory.child("flows/folder/flow.json"), withIntermediateDirectories: true)
        for name in ["fifo", "folder"] {
            let parsed = DocumentParser.parse(path: "flows/\(name)/flow.json", inWorkspace: directory.path)
            #expect(parsed.problems.map(\.message) == [DocumentFile.Refusal.notRegular.description])
        }
    }

    @Test("a file over the limit is refused from its size; a missing one reads as empty")
    func sizes() throws {
        let directory = try workspace(["large", "missing"])
        let large = directory.child("flows/large/flow.json")
        #expect(FileManager.default.createFile(atPath: large, contents: nil))
        #expect(truncate(large, off_t(2_000_000_000)) == 0)  // sparse: nothing is written, and nothing must be read
        let parsed = DocumentParser.parse(path: "flows/large/flow.json", inWorkspace: directory.path)
        #expect(parsed.problems.map(\.message) == ["document is 2000000000 bytes; the limit is \(DocumentParser.maximumBytes)"])
        #expect(DocumentFile.read(directory.child("flows/missing/flow.json")) == .success([]))
    }
}

extension DocumentFile.Refusal: Equatable {
    public static func == (left: Self, right: Self) -> Bool { left.description == right.description }
}
