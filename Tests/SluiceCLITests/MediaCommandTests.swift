import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

/// `sluice upload` and `sluice assets` as a user types them.
@Suite("sluice upload and assets", .tags(.endToEnd))
struct MediaCommandTests {
    func sample(_ name: String) -> String { TestEnvironment.fixtures + "/media/" + name }

    @Test(
        "a 200 MB upload streams: the process stays far below the file's size in memory",
        .requires(GitHTTPServer.python != nil, "needs python3 to measure the child's memory"))
    func streamedUpload() throws {
        let test = try TestWorkspace()
        let big = test.directory.child("big.bin")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 200 * 1_000_000)
        try handle.close()
        // Python runs the upload and prints the peak resident memory of its child (KB): only that process counts.
        let measured = try ProcessRunner.run(
            "/usr/bin/python3",
            [
                "-c",
                "import resource,subprocess,sys; r=subprocess.run(sys.argv[1:]); print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                SluiceCLI.binary, "upload", big, "--resource-type", "raw", "-C", test.root,
            ], environment: test.environment)
        let last = measured.stdout.split(separator: "\n").last ?? ""
        let fields = last.split(separator: " ").compactMap { Int($0) }
        #expect(fields.first == 0, "\(measured.output)")
        // Reading the whole file took 435 MB; streaming needs the process and a 1 MB buffer.
        #expect((fields.last ?? .max) < 150_000, "peak memory \((fields.last ?? 0) / 1000) MB")
        let asset = try JSONParser.parse(try test.sluice("assets", "show", "big", "--json").stdout)
        #expect(asset["bytes"] == 200_000_000)
    }

    @Test("upload files samples into the environment's library; list, show, search and delete find them")
    func uploadAndFind() throws {
        let test = try TestWorkspace()
        let uploaded = try test.sluice(
            "upload", sample("red-bag.jpg"), sample("blue-shoe.webp"), "--folder", "products", "--tags", "product,new", "--metadata", "price=49.5",
            "--json")
        #expect(uploaded.status == 0, "\(uploaded.output)")
        let report = try JSONParser.parse(uploaded.stdout)
        #expect(report["runs"] == [] && report["skipped"] == [])
        let assets = try #require(report["assets"])
        #expect(assets[0]?["publicId"] == "products/red-bag" && assets[0]?["width"] == 240 && assets[1]?["format"] == "webp")
        #expect(assets[0]?["metadata"]?["price"] == 49.5)
        #expect(try test.sluice("upload", sample("logo.png"), "--public-id", "brand/logo").stdout.contains("Uploaded brand/logo (image png 128x128"))

        let listed = try JSONParser.parse(try test.sluice("assets", "list", "--folder", "products", "--json").stdout)
        #expect(listed.arrayValue?.count == 2)
        let found = try test.sluice("assets", "search", "tags:new width>300")
        #expect(found.status == 0 && found.stdout.contains("products/blue-shoe") && !found.stdout.contains("red-bag"), "\(found.output)")
        // A leading - is a negation, not an option, and words may be separate arguments.
        let negated = try test.sluice("assets", "search", "-width>300", "folder:products", "--json")
        #expect(negated.status == 0, "\(negated.output)")
        #expect(try JSONParser.parse(negated.stdout).arrayValue?.compactMap { $0["publicId"]?.stringValue } == ["products/red-bag"])
        let shown = try test.sluice("assets", "show", "brand/logo")
        #expect(shown.stdout.contains("folder:    brand") && shown.stdout.contains(".sluice/media/production/objects/"))
        #expect(try test.sluice("assets", "delete", "brand/logo").status == 0)
        #expect(try test.sluice("assets", "list").stdout.split(separator: "\n").count == 3)
        // The library is local state: nothing of it is committed.
        #expect(try test.git("status", "--porcelain").stdout.isEmpty)
    }

    @Test(
        "bad uploads and queries are refused with one line and change nothing",
        arguments: [
            (["upload", "FIXTURE:logo.png", "--folder", "../escape"], "folder \"../escape\": \"..\" would leave its folder"),
            (["upload", "FIXTURE:logo.png", "--public-id", "/etc/passwd"], "must not start with /"),
            (["upload", "FIXTURE:make_samples.py"], "pass --resource-type raw"),
            (["upload", "FIXTURE:logo.png", "FIXTURE:make_samples.py"], "make_samples.py: not an image"),
            (["upload", "FIXTURE:missing.png"], "cannot read"),
            (["upload", "FIXTURE:logo.png", "--metadata", "novalue"], "expected KEY=VALUE"),
            (["assets", "search", "width>>3"], "search \"width>>3\": at"),
            (["assets", "show", "nope"], "no asset \"nope\""),
        ])
    func refusals(arguments: [String], message: String) throws {
        let test = try TestWorkspace()
        let resolved = arguments.map { $0.hasPrefix("FIXTURE:") ? sample(String($0.dropFirst(8))) : $0 }
        let result = try SluiceCLI.run(resolved, in: test.root, environment: test.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.output)")
        #expect(try test.sluice("assets", "list").stdout == "no assets\n")
    }
}
