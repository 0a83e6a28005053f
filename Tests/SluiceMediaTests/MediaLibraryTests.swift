import Foundation
import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceMedia

@Suite("Media library")
struct MediaLibraryTests {
    static func samplePath(_ name: String) -> String { TestEnvironment.fixtures + "/media/" + name }

    /// A library with the samples uploaded one day apart, in the folders and with the tags a shop would use.
    func stockedLibrary(in directory: TemporaryDirectory) throws -> MediaLibrary {
        let library = try MediaLibrary(root: directory.child("library"))
        var day = 0.0
        library.now = {
            day += 1
            return Date(timeIntervalSince1970: 1_790_000_000 + day * 86_400)
        }
        func upload(_ name: String, folder: String, tags: [String], metadata: [String: JSONValue] = [:], context: [String: String] = [:]) throws {
            var options = MediaLibrary.UploadOptions()
            options.folder = folder
            options.tags = tags
            options.metadata = metadata
            options.context = context
            _ = try library.upload(file: Self.samplePath(name), options: options)
        }
        try upload("red-bag.jpg", folder: "products/bags", tags: ["product", "red"], metadata: ["sku": "B-17", "price": 49.5])
        try upload("blue-shoe.webp", folder: "products/shoes", tags: ["product", "blue"], metadata: ["sku": "S-3", "price": 120])
        try upload("sunset.jpg", folder: "campaigns", tags: ["summer"], context: ["alt": "a red sun over hills"])
        try upload("logo.png", folder: "", tags: [])
        try upload("spinner.gif", folder: "ui", tags: ["animated"])
        return library
    }

    @Test("an upload stores the file by content and catalogs what the file says")
    func upload() throws {
        let directory = try TemporaryDirectory()
        let library = try stockedLibrary(in: directory)
        let bag = try library.asset("products/bags/red-bag")
        #expect(bag.resourceType == .image && bag.format == "jpg" && bag.width == 240 && bag.height == 320)
        #expect(bag.folder == "products/bags" && bag.tags == ["product", "red"] && bag.metadata["price"] == 49.5)
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.samplePath("red-bag.jpg")))
        #expect(bag.bytes == original.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: library.filePath(of: bag))) == original)
        #expect(library.filePath(of: bag).hasSuffix("/objects/\(bag.contentHash.prefix(2))/\(bag.contentHash)"))
        #expect(try library.asset("logo").folder == "")
        #expect(try library.count() == 5)

        // The same file again, without a public id: a free name; with one that is taken: refused, unless overwriting.
        #expect(try library.upload(file: Self.samplePath("logo.png")).publicID == "logo-2")
        var options = MediaLibrary.UploadOptions()
        options.publicID = "logo"
        #expect(throws: MediaError.duplicate("logo")) { _ = try library.upload(file: Self.samplePath("sunset.jpg"), options: options) }
        options.overwrite = true
        let before = try library.asset("logo")
        let replaced = try library.upload(file: Self.samplePath("sunset.jpg"), options: options)
        #expect(replaced.format == "jpg" && replaced.createdAt == before.createdAt && replaced.updatedAt > before.updatedAt)
    }

    @Test("names that would leave their folder, corrupt and unknown files are refused and change nothing")
    func refusals() throws {
        let directory = try TemporaryDirectory()
        let library = try stockedLibrary(in: directory)
        for (folder, publicID) in [("../outside", nil), ("/etc", nil), ("a//b", nil), ("products", "../../x"), ("", ".hidden"), ("ok", "tab\there")] {
            var options = MediaLibrary.UploadOptions()
            options.folder = folder
            options.publicID = publicID
            #expect(throws: MediaError.self, "\(folder) \(publicID ?? "")") {
                _ = try library.upload(file: Self.samplePath("logo.png"), options: options)
            }
        }
        let cut = directory.child("cut.png")
        let png = try Data(contentsOf: URL(fileURLWithPath: Self.samplePath("logo.png")))
        try png.prefix(20).write(to: URL(fileURLWithPath: cut))
        let corrupt = try #require(throws: MediaError.self) { _ = try library.upload(file: cut) }
        #expect(corrupt.description.hasPrefix("\(cut): corrupt PNG file"))
        let text = directory.child("notes.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: MediaError.unknownType(path: text)) { _ = try library.upload(file: text) }
        #expect(throws: MediaError.self) { _ = try library.upload(file: directory.child("missing.jpg")) }
        #expect(try library.count() == 5)
        let stored = try FileManager.default.subpathsOfDirectory(atPath: directory.child("library/objects")).filter { !$0.contains("/.tmp") }
        #expect(stored.filter { $0.contains("/") }.count == 5)

        var raw = MediaLibrary.UploadOptions()
        raw.resourceType = .raw
        let note = try library.upload(file: text, options: raw)
        #expect(note.resourceType == .raw && note.format == "txt" && note.width == nil)
    }

    @Test(
        "the search language finds by tags, folders, type, format, sizes, dates and metadata",
        arguments: [
            ("tags:product", ["products/shoes/blue-shoe", "products/bags/red-bag"]),
            ("tags:product -tags:red", ["products/shoes/blue-shoe"]),
            ("folder:products", []),
            ("folder:products/*", ["products/shoes/blue-shoe", "products/bags/red-bag"]),
            ("folder:products/bags", ["products/bags/red-bag"]),
            ("folder:\"\"", ["logo"]),
            ("type:image format:gif", ["ui/spinner"]),
            ("format:jpeg", ["campaigns/sunset", "products/bags/red-bag"]),
            ("width>=300 OR height>300", ["campaigns/sunset", "products/shoes/blue-shoe", "products/bags/red-bag"]),
            ("bytes<1kb", ["ui/spinner"]),
            ("metadata.sku=S-3", ["products/shoes/blue-shoe"]),
            ("metadata.price>100", ["products/shoes/blue-shoe"]),
            ("metadata.price<=49.5 AND tags:red", ["products/bags/red-bag"]),
            ("context.alt:\"a red sun over hills\"", ["campaigns/sunset"]),
            ("created:2026-09-23", ["products/shoes/blue-shoe"]),
            ("created>=2026-09-25 NOT (folder:ui OR tags:summer)", ["logo"]),
            ("red", ["products/bags/red-bag"]),
            ("public_id:products/*", ["products/shoes/blue-shoe", "products/bags/red-bag"]),
            ("", ["ui/spinner", "logo", "campaigns/sunset", "products/shoes/blue-shoe", "products/bags/red-bag"]),
        ])
    func search(query: String, expected: [String]) throws {
        let directory = try TemporaryDirectory()
        let library = try stockedLibrary(in: directory)
        #expect(try library.search(query).map(\.publicID) == expected)
    }

    @Test(
        "a query that does not parse names the place and the reason",
        arguments: [
            ("tags:", "at 6: a value is missing"), ("(tags:a", "at 1: \"(\" is not closed"), ("tags:a)", "at 7: a \")\" without \"(\""),
            ("color:red", "unknown field \"color\""), ("width>wide", "\"wide\" is not a number"), ("type:audio", "type is image, video or raw"),
            ("created>yesterday", "is not a date"), ("tags>3", "at 5: the tags field takes : or !="),
            ("width>=1e309", "at 8: \"1e309\" is not a number"),
            ("context.alt>3", "the context.alt field takes"),
            ("metadata.sku<=abc", "not a number to compare with"), ("a OR", "a condition is missing at the end"),
            ("context.alt\"x\"", "unexpected"),
        ])
    func badQueries(query: String, message: String) throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let error = try #require(throws: MediaError.self) { _ = try library.search(query) }
        #expect(error.description.contains(message), "\(error)")
        #expect(error.description.hasPrefix("search \"\(query)\": at "))
    }

    /// Queries built to exhaust the stack, SQLite or the screen: each gets one line, neither a crash nor a hang.
    static let hostileQueries: [(name: String, query: String, message: String)] = [
        ("4,000 nested parentheses", String(repeating: "(", count: 4_000) + "a" + String(repeating: ")", count: 4_000), "nests more than 32 levels"),
        ("2,000 NOTs", String(repeating: "NOT ", count: 2_000) + "a", "nests more than 32 levels"),
        ("9,000 leading minus signs", String(repeating: "-", count: 9_000) + "a", "nests more than 32 levels"),
        ("1,000 conditions", Array(repeating: "tags:a", count: 1_000).joined(separator: " OR "), "more than 256 conditions"),
        ("a query of 20,000 characters", "tags:" + String(repeating: "x", count: 20_000), "the limit is 10000"),
    ]

    @Test("a query too deep, too long or with too many conditions is refused in one short line", arguments: hostileQueries.map(\.name))
    func hostileQuery(name: String) throws {
        let hostile = try #require(Self.hostileQueries.first { $0.name == name })
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let error = try #require(throws: MediaError.self) { _ = try library.search(hostile.query) }
        #expect(error.description.contains(hostile.message), "\(error)")
        #expect(error.description.count < 200 && !error.description.contains("\n"))
    }

    @Test("the limits leave room for real queries: 32 levels and 256 conditions still parse")
    func queryLimits() throws {
        let deep = String(repeating: "(", count: 32) + "tags:a" + String(repeating: ")", count: 32)
        let wide = Array(repeating: "tags:a", count: 256).joined(separator: " OR ")
        let directory = try TemporaryDirectory()
        let library = try stockedLibrary(in: directory)
        #expect(try library.search(deep).isEmpty)
        #expect(try library.search(wide).isEmpty)
        #expect(try library.search(String(repeating: "NOT ", count: 31) + "NOT tags:red").map(\.publicID) == ["products/bags/red-bag"])
        // The deepest SQL the limits allow: 32 levels, each a group that joins an AND and an OR.
        var alternating = "tags:red"
        for level in 0..<32 { alternating = level.isMultiple(of: 2) ? "(tags:x OR \(alternating))" : "(tags:product \(alternating))" }
        #expect(try library.search(alternating).map(\.publicID) == ["products/bags/red-bag"])
    }

    @Test("delete removes the row, and the file once no asset shares its content")
    func delete() throws {
        let directory = try TemporaryDirectory()
        let library = try stockedLibrary(in: directory)
        let copy = try library.upload(file: Self.samplePath("logo.png"))
        let path = library.filePath(of: copy)
        try library.delete("logo")
        #expect(FileManager.default.fileExists(atPath: path))
        try library.delete(copy.publicID)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: MediaError.notFound("logo")) { try library.delete("logo") }
        #expect(try library.count() == 4)
    }

    @Test("a device, a FIFO and a folder are refused with one line, never read (an upload of /dev/zero would never end)")
    func specialFiles() throws {
        let directory = try TemporaryDirectory()
        let library = try MediaLibrary(root: directory.child("library"))
        let fifo = directory.child("pipe.jpg")
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in ["/dev/zero", fifo, directory.path] {
            let error = try #require(throws: MediaError.self) { _ = try library.upload(file: path) }
            #expect(error.description == "\(path): cannot read: not a regular file (a folder, FIFO, socket or device)")
        }
        #expect(try library.count() == 0)
    }

    @Test("temporary copies a killed upload left are removed once stale; a fresh one (an upload in progress) stays")
    func staleCopies() throws {
        let directory = try TemporaryDirectory()
        let objects = directory.child("library/objects")
        try FileManager.default.createDirectory(atPath: objects + "/ab", withIntermediateDirectories: true)
        for path in [objects + "/.tmp-old", objects + "/ab/.tmp-old", objects + "/.tmp-fresh"] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)))
        }
        for path in [objects + "/.tmp-old", objects + "/ab/.tmp-old"] {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: path)
        }
        _ = try MediaLibrary(root: directory.child("library"))
        #expect(!FileManager.default.fileExists(atPath: objects + "/.tmp-old") && !FileManager.default.fileExists(atPath: objects + "/ab/.tmp-old"))
        #expect(FileManager.default.fileExists(atPath: objects + "/.tmp-fresh"))
    }
}
