import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

@Suite("Blobs, trees and diffs")
struct TreeTests {
    private func blob(_ repository: Repository, _ text: String) throws -> ObjectID {
        try repository.writeBlob(Array(text.utf8))
    }

    private func paths(_ repository: Repository, _ tree: ObjectID) throws -> [String] {
        try repository.treeEntries(tree, recursive: true).map(\.path)
    }

    @Test("writeTree builds nested trees, applies removals and drops emptied directories")
    func writeTreeNestedAndDeletions() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            let one = try blob(repository, "1\n")
            let two = try blob(repository, "2\n")
            let first = try repository.writeTree(
                files: ["a.txt": one, "docs/x/y.json": two, "docs/z.json": one, "docs/x/w.json": one],
                base: nil
            )
            #expect(try paths(repository, first) == ["a.txt", "docs/x/w.json", "docs/x/y.json", "docs/z.json"])
            let top = try repository.treeEntries(first, recursive: false)
            #expect(top.map(\.name) == ["a.txt", "docs"])
            #expect(top.map(\.kind) == [.blob, .tree])
            #expect(top.map(\.mode) == [0o100644, 0o040000])

            let second = try repository.writeTree(
                files: ["docs/x/new.json": two, "a.txt": two],
                removing: ["docs/z.json", "docs/x/w.json", "not/there"],
                base: first
            )
            #expect(try paths(repository, second) == ["a.txt", "docs/x/new.json", "docs/x/y.json"])
            #expect(try repository.treeEntries(second, recursive: true).first?.id == two)

            let third = try repository.writeTree(files: [:], removing: ["docs/x"], base: second)
            #expect(try paths(repository, third) == ["a.txt"])
            #expect(try repository.treeEntries(third, recursive: false).map(\.name) == ["a.txt"])

            let replaced = try repository.writeTree(files: ["docs/only.json": one], removing: ["docs"], base: second)
            #expect(try paths(repository, replaced) == ["a.txt", "docs/only.json"])

            let empty = try repository.writeTree(files: [:], removing: ["a.txt", "docs"], base: second)
            #expect(empty.description == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")

            // The git CLI agrees, and the objects are well formed.
            let commit = try repository.createCommit(tree: second, parents: [], message: "tree", author: testSignature, committer: testSignature)
            try repository.updateReference("refs/heads/main", to: commit, expected: nil, logMessage: "test")
            #expect(try gitLines(["ls-tree", "-r", "--name-only", "HEAD"], in: path) == ["a.txt", "docs/x/new.json", "docs/x/y.json"])
            #expect(try runGit(["show", "HEAD:docs/x/new.json"], in: path) == "2\n")
            #expect(try fsck(path).isEmpty)
        }
    }

    @Test("writeTree keeps the executable bit, and rejects bad or conflicting paths")
    func writeTreeModesAndErrors() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            try writeFile("run.sh", "#!/bin/sh\n", in: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/run.sh")
            let commit = try #require(try repository.commitPaths(["run.sh"], message: "exec", signature: testSignature))
            let base = try repository.commit(commit).tree
            let updated = try repository.writeTree(files: ["run.sh": try blob(repository, "#!/bin/sh\necho\n")], base: base)
            #expect(try repository.treeEntries(updated, recursive: false).map(\.mode) == [0o100755])

            let one = try blob(repository, "1\n")
            let conflict = try #require(throws: GitError.self) {
                try repository.writeTree(files: ["a": one, "a/b": one], base: nil)
            }
            #expect(conflict.description.contains("both as a file and as a directory"))
            #expect(throws: GitError.self) { try repository.writeTree(files: ["../evil": one], base: nil) }
            #expect(throws: GitError.self) { try repository.writeTree(files: [".git/config": one], base: nil) }
            let missingBlob = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
            #expect(throws: GitError.self) { try repository.writeTree(files: ["x": missingBlob], base: nil) }
        }
    }

    @Test("diffTrees reports added, modified, deleted and renamed files")
    func diffTreesStatuses() throws {
        try withTemporaryDirectory { root in
            let (repository, _) = try makeRepository(in: root)
            let long = String(repeating: "a line of document content\n", count: 20)
            let a1 = try blob(repository, "a1\n")
            let a2 = try blob(repository, "a2\n")
            let b = try blob(repository, "b\n")
            let c = try blob(repository, long)
            let d = try blob(repository, "d\n")
            let old = try repository.writeTree(files: ["a.txt": a1, "b.txt": b, "dir/c.txt": c], base: nil)
            let new = try repository.writeTree(files: ["a.txt": a2, "d.txt": d, "moved/c.txt": c], base: nil)

            let withRenames = try repository.diffTrees(old: old, new: new, detectRenames: true)
            let file: UInt32 = 0o100644
            #expect(
                withRenames == [
                    TreeChange(status: .modified, oldPath: "a.txt", newPath: "a.txt", oldID: a1, newID: a2, oldMode: file, newMode: file),
                    TreeChange(status: .deleted, oldPath: "b.txt", newPath: nil, oldID: b, newID: nil, oldMode: file),
                    TreeChange(status: .added, oldPath: nil, newPath: "d.txt", oldID: nil, newID: d, newMode: file),
                    TreeChange(status: .renamed, oldPath: "dir/c.txt", newPath: "moved/c.txt", oldID: c, newID: c, oldMode: file, newMode: file),
                ])

            let withoutRenames = try repository.diffTrees(old: old, new: new, detectRenames: false)
            #expect(withoutRenames.map(\.status) == [.modified, .deleted, .added, .deleted, .added])
            #expect(withoutRenames.map(\.path) == ["a.txt", "b.txt", "d.txt", "dir/c.txt", "moved/c.txt"])

            let fromEmpty = try repository.diffTrees(old: nil, new: old, detectRenames: true)
            #expect(fromEmpty.map(\.status) == [.added, .added, .added])
            let toEmpty = try repository.diffTrees(old: old, new: nil, detectRenames: false)
            #expect(toEmpty.map(\.status) == [.deleted, .deleted, .deleted])
            #expect(try repository.diffTrees(old: old, new: old, detectRenames: true).isEmpty)
        }
    }

    /// The walk that skips equal subtrees must list what git itself lists: the git CLI is the independent client.
    @Test("diffTrees without renames agrees with git diff-tree, including file/folder swaps, links and modes")
    func diffTreesAgreesWithGit() throws {
        try withTemporaryDirectory { root in
            let (_, path) = try makeRepository(in: root)
            let files = [
                "a.txt": "a", "b/c.txt": "c", "b/d/e.txt": "e", "b/d/f.txt": "f", "g/h.txt": "h", "same/x.txt": "x", "ab": "1",
                "a-b/z.txt": "z", "run.sh": "echo",
            ]
            for (name, text) in files { try writeFile(name, text + "\n", in: path) }
            try runGit(["add", "-A"], in: path)
            try runGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "old"], in: path)
            try writeFile("a.txt", "changed\n", in: path)
            try removeFile("b/d/e.txt", in: path)
            try writeFile("b/d/new.txt", "n\n", in: path)
            try FileManager.default.removeItem(atPath: path + "/g")
            try writeFile("g", "now a file\n", in: path)
            try removeFile("ab", in: path)
            try writeFile("ab/inside.txt", "now a folder\n", in: path)
            try FileManager.default.createSymbolicLink(atPath: path + "/link", withDestinationPath: "a.txt")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/run.sh")
            try runGit(["add", "-A"], in: path)
            try runGit(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "new"], in: path)

            let repository = try Repository.open(at: path)
            let head = try #require(try repository.headCommitID())
            let new = try repository.commit(head).tree
            let old = try repository.commit(try #require(try repository.commit(head).parents.first)).tree
            let ours = try repository.diffTrees(old: old, new: new, detectRenames: false).map { change -> String in
                let letter = [TreeChange.Status.added: "A", .deleted: "D", .modified: "M", .typeChanged: "T", .renamed: "R"][change.status] ?? "?"
                return "\(letter) \(change.path)"
            }
            let git = try gitLines(["diff-tree", "-r", "--no-renames", "--name-status", "HEAD~1", "HEAD"], in: path).map {
                $0.replacingOccurrences(of: "\t", with: " ")
            }
            #expect(ours == git.sorted { $0.dropFirst(2) < $1.dropFirst(2) })
            // Modes as git prints them in raw output: `:old new oldid newid status\tpath`.
            let oursModes = try repository.diffTrees(old: old, new: new, detectRenames: false).map { change in
                "\(String(change.oldMode ?? 0, radix: 8)) \(String(change.newMode ?? 0, radix: 8)) \(change.path)"
            }
            let gitModes = try gitLines(["diff-tree", "-r", "--no-renames", "HEAD~1", "HEAD"], in: path).map { line -> String in
                let fields = line.dropFirst().split(separator: "\t")
                let parts = fields[0].split(separator: " ")
                return
                    "\(Int(parts[0], radix: 8) ?? 0 == 0 ? "0" : String(parts[0])) \(Int(parts[1], radix: 8) ?? 0 == 0 ? "0" : String(parts[1])) \(fields[1])"
            }
            #expect(oursModes.sorted() == gitModes.sorted())
            #expect(["M run.sh", "A link", "D g/h.txt", "A g", "D ab", "A ab/inside.txt"].allSatisfy(ours.contains), "\(ours)")
            #expect(try repository.diffTrees(old: new, new: new, detectRenames: false).isEmpty)
            #expect(try repository.diffTrees(old: nil, new: old, detectRenames: false).count == files.count)
        }
    }

    @Test("Blobs and file contents round-trip, including binary and empty data")
    func blobRoundTrip() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            let binary: [UInt8] = [0, 1, 2, 255, 10, 0, 13]
            let binaryID = try repository.writeBlob(binary)
            #expect(try repository.blob(binaryID) == binary)
            let emptyID = try repository.writeBlob([])
            #expect(emptyID.description == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
            #expect(try repository.blob(emptyID).isEmpty)

            try writeFile("docs/a.json", "{\"k\": \"v\"}\n", in: path)
            let commit = try #require(try repository.commitPaths(["docs/a.json"], message: "one", signature: testSignature))
            let hashed = try runGit(["hash-object", "docs/a.json"], in: path)
            #expect(try repository.writeBlob(Array("{\"k\": \"v\"}\n".utf8)).description + "\n" == hashed)
            #expect(try repository.fileContents(atPath: "docs/a.json", commit: commit) == Array("{\"k\": \"v\"}\n".utf8))
            #expect(try repository.fileContents(atPath: "docs/missing.json", commit: commit) == nil)
            #expect(try repository.fileContents(atPath: "docs", commit: commit) == nil)
            #expect(try repository.fileContents(atPath: "docs/a.json/deeper", commit: commit) == nil)
            let missing = try #require(throws: GitError.self) {
                try repository.blob(try #require(ObjectID(hex: String(repeating: "0", count: 39) + "1")))
            }
            #expect(missing.isNotFound)
        }
    }

    @Test("log lists history newest first and honours the limit")
    func logOrderAndLimit() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            var ids: [ObjectID] = []
            for number in 1...4 {
                try writeFile("n.txt", "\(number)\n", in: path)
                let signature = Signature(name: "T", email: "t@example.com", time: Date(timeIntervalSince1970: TimeInterval(1_700_000_000 + number)))
                ids.append(try #require(try repository.commitPaths(["n.txt"], message: "commit \(number)\n\nbody \(number)", signature: signature)))
            }
            let head = try #require(try repository.headCommitID())
            let all = try repository.log(from: head, limit: nil)
            #expect(all.map(\.id) == ids.reversed())
            #expect(all.map(\.summary) == ["commit 4", "commit 3", "commit 2", "commit 1"])
            #expect(all.first?.message == "commit 4\n\nbody 4\n")
            #expect(try repository.log(from: head, limit: 2).map(\.id) == [ids[3], ids[2]])
            #expect(try repository.log(from: head, limit: 0).isEmpty)
            #expect(try gitLines(["log", "--format=%H"], in: path) == all.map(\.id.description))
        }
    }
}

@Suite("Tree entries and modes")
struct TreeModeTests {
    @Test("writeTree sets the modes it is given and keeps an existing file's executable bit otherwise; git agrees")
    func modes() throws {
        try withTemporaryDirectory { root in
            let (repository, path) = try makeRepository(in: root)
            let script = try repository.writeBlob(Array("echo\n".utf8))
            let text = try repository.writeBlob(Array("x\n".utf8))
            let first = try repository.writeTree(files: ["bin/run.sh": script, "a.txt": text], base: nil, modes: ["bin/run.sh": 0o100755])
            let edited = try repository.writeBlob(Array("echo 2\n".utf8))
            let second = try repository.writeTree(files: ["bin/run.sh": edited], base: first)
            let third = try repository.writeTree(files: ["bin/run.sh": edited], base: second, modes: ["bin/run.sh": 0o100644])
            let commit = try repository.createCommit(tree: third, parents: [], message: "m", author: testSignature, committer: testSignature)
            try runGit(["update-ref", "refs/heads/main", commit.description], in: path)
            #expect(try repository.treeEntry(atPath: "bin/run.sh", tree: first)?.mode == 0o100755)
            #expect(try repository.treeEntry(atPath: "bin/run.sh", tree: second)?.mode == 0o100755)
            #expect(try repository.treeEntry(atPath: "bin/run.sh", tree: third)?.mode == 0o100644)
            #expect(try runGit(["ls-tree", "-r", first.description], in: path).contains("100755 blob \(script.description)\tbin/run.sh"))
        }
    }

    @Test("treeEntry finds files and folders by path, with their full path, and nothing where nothing is")
    func entries() throws {
        try withTemporaryDirectory { root in
            let (repository, _) = try makeRepository(in: root)
            let blob = try repository.writeBlob(Array("x\n".utf8))
            let tree = try repository.writeTree(files: ["flows/a/flow.json": blob], base: nil)
            let file = try #require(try repository.treeEntry(atPath: "flows/a/flow.json", tree: tree))
            #expect(file.kind == .blob && file.path == "flows/a/flow.json" && file.id == blob)
            #expect(try repository.treeEntry(atPath: "flows/a", tree: tree)?.kind == .tree)
            #expect(try repository.treeEntry(atPath: "flows/b", tree: tree) == nil)
            #expect(try repository.treeEntry(atPath: "flows/a/flow.json/x", tree: tree) == nil)
        }
    }
}
