import Foundation
import SluiceGit
import SluiceJSON
import SluiceMerge
import SluiceTestSupport
import Testing

@testable import SluiceSync

/// Merging whole trees of documents, checked against real repositories (and git merge-tree).
@Suite("Tree merge")
struct TreeMergerTests {
    let directory: TemporaryDirectory
    let repository: Repository
    let signature = Signature(name: "Test", email: "test@sluice.invalid", time: Date(timeIntervalSince1970: 1_800_000_000))

    init() throws {
        directory = try TemporaryDirectory()
        repository = try Repository.create(at: directory.path, initialBranch: "main")
    }

    /// A commit on `parent` with `files` written (a nil value deletes the path), with `modes` set.
    func commit(_ parent: ObjectID?, _ files: [String: String?], modes: [String: UInt32] = [:]) throws -> ObjectID {
        let baseTree = try parent.map { try repository.commit($0).tree }
        var blobs: [String: ObjectID] = [:]
        for case (let path, let text?) in files { blobs[path] = try repository.writeBlob(Array(text.utf8)) }
        let removing = Set(files.filter { $0.value == nil }.keys)
        let tree = try repository.writeTree(files: blobs, removing: removing, base: baseTree, modes: modes)
        return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: "c", author: signature, committer: signature)
    }

    func flow(
        id: String = "flw_a", name: String = "A", first: String = "First", second: String = "Second", enabled: Bool = false, favorite: Bool = false
    ) -> String {
        """
        {
          "kind": "flow",
          "id": "\(id)",
          "schemaVersion": 1,
          "name": "\(name)",
          "type": "power",
          "enabled": \(enabled),
          "favorite": \(favorite),
          "blocks": [
            {
              "id": "one",
              "type": "manual",
              "name": "\(first)",
              "config": {}
            },
            {
              "id": "two",
              "type": "delay",
              "name": "\(second)",
              "config": {}
            }
          ]
        }

        """
    }

    func text(_ tree: ObjectID, _ path: String) throws -> JSONValue? {
        guard let entry = try repository.treeEntries(tree, recursive: true).first(where: { $0.path == path }) else { return nil }
        return try JSONParser.parse(repository.blob(entry.id))
    }

    @Test("edits to different blocks of one flow merge cleanly, parsing only that document")
    func differentBlocks() throws {
        let base = try commit(nil, ["flows/a/flow.json": flow(), "flows/b/flow.json": flow(id: "flw_b"), "flows/c/flow.json": flow(id: "flw_c")])
        let ours = try commit(base, ["flows/a/flow.json": flow(first: "Ours", enabled: true), "flows/b/flow.json": flow(id: "flw_b", name: "B2")])
        let theirs = try commit(
            base, ["flows/a/flow.json": flow(second: "Theirs", favorite: true), "flows/c/flow.json": flow(id: "flw_c", name: "C2")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(result.mergedPaths == ["flows/a/flow.json"])
        #expect(result.parsedDocuments == 3)
        let merged = try #require(try text(result.tree, "flows/a/flow.json"))
        #expect(merged["blocks"]?[0]?["name"] == "Ours" && merged["blocks"]?[1]?["name"] == "Theirs")
        #expect(merged["enabled"] == true && merged["favorite"] == true)
        #expect(try text(result.tree, "flows/b/flow.json")?["name"] == "B2")
        #expect(try text(result.tree, "flows/c/flow.json")?["name"] == "C2")
        let git = try ProcessRunner.git(["merge-tree", "--write-tree", ours.description, theirs.description], in: directory.path)
        #expect(git.status == 1, "git merge-tree is expected to conflict on neighbouring lines: \(git.output)")
    }

    @Test("a flow renamed (moved) on one side and edited on the other ends up moved and edited", arguments: [false, true])
    func renameAndEdit(renamedByOurs: Bool) throws {
        let base = try commit(nil, ["flows/a/flow.json": flow()])
        let renamed = try commit(base, ["flows/a/flow.json": nil, "flows/renamed/flow.json": flow(name: "Renamed")])
        let edited = try commit(base, ["flows/a/flow.json": flow(second: "Edited")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: renamedByOurs ? renamed : edited, theirs: renamedByOurs ? edited : renamed)
        #expect(result.isClean, "\(result.conflicts)")
        #expect(try text(result.tree, "flows/a/flow.json") == nil)
        let moved = try #require(try text(result.tree, "flows/renamed/flow.json"))
        #expect(moved["name"] == "Renamed" && moved["blocks"]?[1]?["name"] == "Edited")
    }

    @Test("deleted on one side and edited on the other is a conflict that keeps ours")
    func deleteModify() throws {
        let base = try commit(nil, ["flows/a/flow.json": flow()])
        let deleted = try commit(base, ["flows/a/flow.json": nil])
        let edited = try commit(base, ["flows/a/flow.json": flow(first: "Edited")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: deleted, theirs: edited)
        #expect(result.conflicts["flows/a/flow.json"]?.map(\.kind) == [.deleteModify])
        #expect(try text(result.tree, "flows/a/flow.json") == nil)
        let reverse = try merger.merge(base: base, ours: edited, theirs: deleted)
        #expect(reverse.conflicts["flows/a/flow.json"]?.map(\.kind) == [.deleteModify])
        #expect(try text(reverse.tree, "flows/a/flow.json")?["blocks"]?[0]?["name"] == "Edited")
    }

    @Test("the same document added at two places (both imported one flow) is merged as an add/add at ours' place")
    func sameDocumentAddedTwice() throws {
        let base = try commit(nil, ["sluice.json": "{}\n"])
        let ours = try commit(base, ["flows/shared/flow.json": flow(id: "flw_s", name: "Shared")])
        let theirs = try commit(base, ["flows/shared-2/flow.json": flow(id: "flw_s", name: "Shared", second: "Changed")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: ours, theirs: theirs)
        #expect(try text(result.tree, "flows/shared-2/flow.json") == nil)
        #expect(try text(result.tree, "flows/shared/flow.json")?["blocks"]?[1]?["name"] == "Second")
        #expect(result.conflicts["flows/shared/flow.json"]?.map { "\($0.pointer) \($0.kind)" } == ["/blocks/1/name addAdd"])
    }

    @Test("the same field changed differently is a conflict; the tree keeps ours there and both sides elsewhere")
    func trueConflict() throws {
        let base = try commit(nil, ["flows/a/flow.json": flow(), "notes.txt": "base\n"])
        let ours = try commit(base, ["flows/a/flow.json": flow(name: "Ours", second: "Ours too"), "notes.txt": "ours\n"])
        let theirs = try commit(base, ["flows/a/flow.json": flow(name: "Theirs", first: "Theirs too"), "notes.txt": "theirs\n"])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.conflicts["flows/a/flow.json"]?.map(\.pointer.description) == ["/name"])
        #expect(result.conflicts["notes.txt"]?.count == 1)
        let merged = try #require(try text(result.tree, "flows/a/flow.json"))
        #expect(merged["name"] == "Ours" && merged["blocks"]?[0]?["name"] == "Theirs too" && merged["blocks"]?[1]?["name"] == "Ours too")
    }

    @Test("unrelated histories merge as additions on both sides")
    func unrelated() throws {
        let ours = try commit(nil, ["flows/a/flow.json": flow()])
        let theirs = try commit(nil, ["flows/b/flow.json": flow(id: "flw_b")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: nil, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(try text(result.tree, "flows/a/flow.json") != nil && text(result.tree, "flows/b/flow.json") != nil)
    }

    /// A flow renamed into a folder where the other side created a different flow keeps both flows.
    @Test("a rename onto a path the other side used for another document keeps both", arguments: [false, true])
    func renameOntoAddedPath(renamedByOurs: Bool) throws {
        let base = try commit(nil, ["flows/old/flow.json": flow(id: "flw_old", name: "Old")])
        let renamed = try commit(base, ["flows/old/flow.json": nil, "flows/reports/flow.json": flow(id: "flw_old", name: "Reports")])
        let added = try commit(base, ["flows/reports/flow.json": flow(id: "flw_new", name: "Reports")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: renamedByOurs ? renamed : added, theirs: renamedByOurs ? added : renamed)
        let ids = try repository.treeEntries(result.tree, recursive: true).compactMap { entry in
            try JSONParser.parse(repository.blob(entry.id))["id"]?.stringValue
        }
        #expect(ids.sorted() == ["flw_new", "flw_old"])
        #expect(result.relocated == ["flows/reports/flow.json": "flows/reports-2/flow.json"])
        #expect(try text(result.tree, "flows/old/flow.json") == nil)
    }

    @Test("two different flows created at the same path on both sides are both kept")
    func twoFlowsOnePath() throws {
        let base = try commit(nil, ["sluice.json": "{}\n"])
        let ours = try commit(base, ["flows/x/flow.json": flow(id: "flw_1"), "flows/x/secrets.json": "{\"id\": \"sec_1\"}\n"])
        let theirs = try commit(base, ["flows/x/flow.json": flow(id: "flw_2"), "flows/x/secrets.json": "{\"id\": \"sec_2\"}\n"])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.isClean)
        #expect(try text(result.tree, "flows/x/flow.json")?["id"] == "flw_1")
        #expect(try text(result.tree, "flows/x-2/flow.json")?["id"] == "flw_2")
        #expect(try text(result.tree, "flows/x-2/secrets.json")?["id"] == "sec_2")
    }

    func mode(_ tree: ObjectID, _ path: String) throws -> UInt32? { try repository.treeEntry(atPath: path, tree: tree)?.mode }

    @Test("a file on one side where the other has a folder of the same name is a conflict that keeps ours", arguments: [false, true])
    func fileAgainstFolder(fileIsOurs: Bool) throws {
        let base = try commit(nil, ["sluice.json": "{}\n"])
        let file = try commit(base, ["flows/x": "not a folder\n"])
        let folder = try commit(base, ["flows/x/flow.json": flow(id: "flw_x")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: fileIsOurs ? file : folder, theirs: fileIsOurs ? folder : file)
        let conflicted = fileIsOurs ? "flows/x/flow.json" : "flows/x"
        #expect(result.conflicts[conflicted]?.map(\.kind) == [.fileFolder], "\(result.conflicts)")
        let kept = try repository.treeEntry(atPath: "flows/x", tree: result.tree)
        #expect(kept?.kind == (fileIsOurs ? .blob : .tree))
    }

    @Test("a file replaced by a folder on one side and edited on the other keeps ours and is a conflict")
    func folderReplacesEditedFile() throws {
        let base = try commit(nil, ["flows/x": "a file\n"])
        let edited = try commit(base, ["flows/x": "an edited file\n"])
        let replaced = try commit(base, ["flows/x": nil, "flows/x/flow.json": flow(id: "flw_x")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: edited, theirs: replaced)
        #expect(result.conflicts["flows/x"]?.map(\.kind) == [.deleteModify])
        #expect(result.conflicts["flows/x/flow.json"]?.map(\.kind) == [.fileFolder])
        #expect(try repository.treeEntry(atPath: "flows/x", tree: result.tree)?.kind == .blob)
    }

    @Test("a mode change on one side and an edit on the other are both kept, as git does")
    func modeAndEdit() throws {
        let base = try commit(nil, ["flows/a/flow.json": flow()])
        let executable = try commit(base, ["flows/a/flow.json": flow()], modes: ["flows/a/flow.json": 0o100755])
        let edited = try commit(base, ["flows/a/flow.json": flow(first: "Edited")])
        for (ours, theirs) in [(executable, edited), (edited, executable)] {
            var merger = TreeMerger(repository: repository)
            let result = try merger.merge(base: base, ours: ours, theirs: theirs)
            #expect(result.isClean, "\(result.conflicts)")
            #expect(try mode(result.tree, "flows/a/flow.json") == 0o100755)
            #expect(try text(result.tree, "flows/a/flow.json")?["blocks"]?[0]?["name"] == "Edited")
        }
        var merger = TreeMerger(repository: repository)
        let onlyMode = try merger.merge(base: base, ours: base, theirs: executable)
        #expect(onlyMode.isClean)
        #expect(try mode(onlyMode.tree, "flows/a/flow.json") == 0o100755)
    }

    @Test("the same edit on both sides and a mode change on one keeps the edit and the mode")
    func sameEditOneMode() throws {
        let base = try commit(nil, ["flows/a/flow.json": flow()])
        let executable = try commit(base, ["flows/a/flow.json": flow(first: "Edited")], modes: ["flows/a/flow.json": 0o100755])
        let edited = try commit(base, ["flows/a/flow.json": flow(first: "Edited")])
        for (ours, theirs) in [(executable, edited), (edited, executable)] {
            var merger = TreeMerger(repository: repository)
            let result = try merger.merge(base: base, ours: ours, theirs: theirs)
            #expect(result.isClean, "\(result.conflicts)")
            #expect(try mode(result.tree, "flows/a/flow.json") == 0o100755)
        }
    }

    @Test("a file turned into a symbolic link on one side and edited on the other is a conflict that keeps ours")
    func linkAgainstEdit() throws {
        let base = try commit(nil, ["flows/a/flow.json": flow()])
        let link = try commit(base, ["flows/a/flow.json": "../b/flow.json"], modes: ["flows/a/flow.json": 0o120000])
        let edited = try commit(base, ["flows/a/flow.json": flow(first: "Edited")])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: edited, theirs: link)
        #expect(result.conflicts["flows/a/flow.json"]?.map(\.kind) == [.fileMode])
        #expect(try mode(result.tree, "flows/a/flow.json") == 0o100644)
        #expect(try text(result.tree, "flows/a/flow.json")?["blocks"]?[0]?["name"] == "Edited")
    }

    @Test("a rule the two sides break together is a conflict in the tree merge too")
    func brokenRuleInTree() throws {
        let path = "flows/m/flow.json"
        let example = DocumentMergerTests.brokenCombinations[0]
        let base = try commit(nil, [path: example.base])
        let ours = try commit(base, [path: example.ours])
        let theirs = try commit(base, [path: example.theirs])
        var merger = TreeMerger(repository: repository)
        let result = try merger.merge(base: base, ours: ours, theirs: theirs)
        #expect(result.conflicts[path]?.map(\.kind) == [.invalid])
    }
}
