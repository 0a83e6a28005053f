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

@Suite("sluice assets derive, url and render", .tags(.endToEnd))
struct DeliveryCommandTests {
    @Test("derive makes a file once, url names it, render writes it; named transformations are documents; errors give positions")
    func deriveURLRender() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("upload", TestEnvironment.fixtures + "/media/red-bag.jpg", "--folder", "shop").status == 0)
        let derived = try test.sluice("assets", "derive", "shop/red-bag", "w_100,c_fill,h_100", "--json")
        #expect(derived.status == 0, "\(derived.output)")
        let record = try JSONParser.parse(derived.stdout)
        #expect(record["width"] == 100 && record["height"] == 100 && record["format"] == "jpg" && record["cached"] == false)
        #expect(record["transformation"] == "c_fill,h_100,w_100")
        let again = try JSONParser.parse(try test.sluice("assets", "derive", "shop/red-bag", "c_fill,h_100,w_100", "--json").stdout)
        #expect(again["cached"] == true && again["path"] == record["path"])

        let url = try test.sluice("assets", "url", "shop/red-bag", "-t", "c_fill,w_50,h_50", "--format", "webp")
        #expect(url.stdout == "http://localhost:8080/media/production/c_fill,h_50,w_50/shop/red-bag.webp\n", "\(url.output)")
        let output = test.directory.child("small.webp")
        let rendered = try test.sluice("assets", "render", url.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "-o", output)
        #expect(rendered.status == 0, "\(rendered.output)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(bytes.count > 12 && Array(bytes[8..<12]) == Array("WEBP".utf8))
        #expect(try test.sluice("assets", "render", "/media/production/shop/red-bag.jpg", "-o", test.directory.child("original.jpg")).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: test.directory.child("original.jpg"))).count == 4171)
        // Only a regular file (or nothing) is replaced, and never inside .sluice/.
        let link = test.directory.child("link.jpg")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: test.directory.child("original.jpg"))
        let fifo = test.directory.child("fifo.jpg")
        #expect(mkfifo(fifo, 0o600) == 0)
        let stored = try #require(record["path"]?.stringValue)
        for target in [link, fifo, stored, test.root + "/.sluice/x.jpg", ""] {
            let refused = try test.sluice("assets", "render", "/media/production/shop/red-bag.jpg", "-o", target)
            #expect(refused.status == 1 && refused.stderr.split(separator: "\n").count == 1, "\(target): \(refused.output)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == test.directory.child("original.jpg"))
        let elsewhere = try test.sluice("assets", "render", "/media/staging/shop/red-bag.jpg", "-o", output)
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains("environment \"staging\""))

        // A bad transformation: one line, the position and the parameter.
        let bad = try test.sluice("assets", "derive", "shop/red-bag", "c_fill,w_abc")
        #expect(
            bad.status == 1
                && bad.stderr
                    == "sluice: error: transformation at character 8 (`w_abc`): width must be whole pixels from 1 to 16384, or a fraction of the current size like 0.5\n"
        )

        // A named transformation is a document: t_thumb expands it, validate checks it.
        try test.write(
            "transformations/thumb.json", #"{"kind": "transformation", "id": "trf_thumb", "schemaVersion": 1, "transformation": "c_fill,w_64,h_64"}"#)
        let named = try JSONParser.parse(try test.sluice("assets", "derive", "shop/red-bag", "t_thumb/f_png", "--json").stdout)
        #expect(named["width"] == 64 && named["format"] == "png" && named["transformation"] == "c_fill,h_64,w_64/f_png")
        let unknown = try test.sluice("assets", "derive", "shop/red-bag", "t_nope")
        #expect(unknown.status == 1 && unknown.stderr.contains("no named transformation \"nope\" (transformations/nope.json)"))
        try test.write(
            "transformations/broken.json", #"{"kind": "transformation", "id": "trf_broken", "schemaVersion": 1, "transformation": "w_1,e_sepia"}"#)
        let validated = try test.sluice("validate")
        #expect(validated.status != 0 && validated.output.contains("transformations/broken.json"), "\(validated.output)")
        #expect(validated.output.contains("/transformation") && validated.output.contains("at character 5 (`e_sepia`)"), "\(validated.output)")

        // The manifest's deliveryBaseURL is where URLs point.
        var manifest = try #require(try JSONParser.parse(try test.read("sluice.json")).objectValue)
        manifest["deliveryBaseURL"] = "https://media.example.com"
        try test.write("sluice.json", JSONValue.object(manifest).canonicalText())
        #expect(try test.sluice("assets", "url", "shop/red-bag").stdout == "https://media.example.com/media/production/shop/red-bag.jpg\n")

        let shown = try test.sluice("assets", "show", "shop/red-bag")
        #expect(shown.stdout.contains("derived:   c_fill,h_100,w_100 → jpg 100x100") && shown.stdout.contains("facts:     colorSpace srgb"))
        #expect(try test.sluice("assets", "delete", "shop/red-bag").status == 0)
        #expect(!FileManager.default.fileExists(atPath: record["path"]?.stringValue ?? ""), "derivations go with their original")
    }

    @Test("validate checks the transformations of Edit Media and Create Asset URL blocks")
    func validateFlows() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("flows", "new", "Thumbs", "--power").status == 0)
        var document = try #require(try JSONParser.parse(try test.read("flows/thumbs/flow.json")).objectValue)
        document["blocks"] = [
            ["id": "upload", "type": "asset.uploaded", "name": "On upload", "config": [:], "next": ["edit", "url", "card"]],
            [
                "id": "edit", "type": "edit-media", "name": "Edit",
                "config": ["asset": "{{trigger.asset.publicId}}", "transformation": "c_fill,w_400,h_300,g_face"],
            ],
            [
                "id": "url", "type": "create-asset-url", "name": "URL",
                "config": ["asset": "{{trigger.asset.publicId}}", "transformation": "w_{{vars.width}}"],
            ],
            [
                "id": "card", "type": "edit-media", "name": "Card",
                "config": ["asset": "{{trigger.asset.publicId}}", "transformation": "t_card/f_webp"],
            ],
        ]
        document["variables"] = ["width": 300]
        try test.write("flows/thumbs/flow.json", JSONValue.object(document).canonicalText())
        let validated = try test.sluice("validate")
        #expect(validated.status != 0, "\(validated.output)")
        #expect(
            validated.output.contains("/blocks/1/config/transformation") && validated.output.contains("at character 20 (`g_face`)"),
            "\(validated.output)")
        #expect(!validated.output.contains("/blocks/2/config/transformation"), "a value with {{…}} is checked when the flow runs")
        // Once the flow's own errors are fixed, the names it uses are looked up.
        try test.write("flows/thumbs/flow.json", try test.read("flows/thumbs/flow.json").replacingOccurrences(of: ",g_face", with: ",g_auto"))
        let references = try test.sluice("validate")
        #expect(
            references.output.contains("/blocks/3/config/transformation: unknown named transformation \"card\" (no transformations/card.json)"),
            "\(references.output)")

        // Named transformations that use each other in a cycle, and one that names a missing one.
        func named(_ text: String) -> String {
            #"{"kind": "transformation", "id": "trf_"# + UUID().uuidString.prefix(8).lowercased() + #"", "schemaVersion": 1, "transformation": ""#
                + text + #""}"#
        }
        try test.write("transformations/card.json", named("t_frame/c_fill,w_400,h_300"))
        try test.write("transformations/frame.json", named("bo_2px_solid_black/t_card"))
        try test.write("transformations/solo.json", named("t_gone"))
        let cycles = try test.sluice("validate")
        #expect(!cycles.output.contains("/blocks/3/config/transformation"), "\(cycles.output)")
        #expect(cycles.output.contains("transformations/card.json") && cycles.output.contains("cycle back to \"card\""), "\(cycles.output)")
        #expect(
            cycles.output.contains("transformations/solo.json") && cycles.output.contains("unknown named transformation \"gone\""), "\(cycles.output)"
        )
    }
}

@Suite("sluice run over a search", .tags(.endToEnd))
struct RunSearchCommandTests {
    @Test("run --search runs a flow on every asset found, in parallel, records in the assets' order")
    func runOverSearch() throws {
        let test = try TestWorkspace()
        let samples = ["red-bag.jpg", "sunset.jpg", "logo.png", "blue-shoe.webp"].map { TestEnvironment.fixtures + "/media/" + $0 }
        #expect(try SluiceCLI.run(["upload"] + samples + ["--folder", "shop"], in: test.root, environment: test.environment).status == 0)
        #expect(try test.sluice("flows", "new", "Cards", "--power").status == 0)
        var document = try #require(try JSONParser.parse(try test.read("flows/cards/flow.json")).objectValue)
        document["blocks"] = [
            ["id": "trigger", "type": "manual", "name": "Manual trigger", "config": [:], "next": ["card"]],
            [
                "id": "card", "type": "edit-media", "name": "Card",
                "config": ["asset": "{{trigger.asset.publicId}}", "transformation": "c_fill,w_40,h_30"],
            ],
        ]
        try test.write("flows/cards/flow.json", JSONValue.object(document).canonicalText())
        let search = try JSONParser.parse(try test.sluice("assets", "search", "folder:shop -format:webp", "--json").stdout)
        let expected = search.arrayValue?.compactMap { $0["publicId"]?.stringValue } ?? []
        #expect(expected.count == 3)
        let ran = try test.sluice("run", "cards", "--search", "folder:shop -format:webp", "--parallel", "3", "--json")
        #expect(ran.status == 0, "\(ran.output)")
        let runs = try JSONParser.parse(ran.stdout).arrayValue ?? []
        #expect(runs.compactMap { $0["trigger"]?["asset"]?["publicId"]?.stringValue } == expected)
        #expect(runs.allSatisfy { $0["status"] == "succeeded" })
        for publicID in expected {
            #expect(try test.sluice("assets", "show", publicID).stdout.contains("derived:   c_fill,h_30,w_40"))
        }
        #expect(try test.sluice("run", "cards", "--search", "folder:shop", "--parallel", "0").status == 64)
        #expect(try test.sluice("run", "cards", "--search", "width>>3").stderr.contains("is not a number"))
    }
}

@Suite("sluice transformations", .tags(.endToEnd))
struct TransformationCommandTests {
    @Test("set, list, show and delete named transformations, one commit each; bad ones, cycles and used ones are refused")
    func namedTransformations() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("transformations").stdout.hasPrefix("no named transformations"))
        let set = try test.sluice("transformations", "set", "card", "c_fill,g_auto,w_400,h_300", "--description", "Product cards")
        #expect(set.status == 0 && set.stdout == "Set t_card = c_fill,g_auto,w_400,h_300 (transformations/card.json)\n", "\(set.output)")
        #expect(try test.sluice("transformations", "set", "framed", "t_card/bo_2px_solid_black").status == 0)
        let document = try JSONParser.parse(try test.read("transformations/card.json"))
        #expect(document["kind"] == "transformation" && document["description"] == "Product cards")
        #expect(document["$schema"] == "../schemas/transformation.schema.json")
        #expect(try test.git("log", "--format=%s", "-2").stdout == "transformations: set framed\ntransformations: set card\n")
        #expect(try test.git("status", "--porcelain").stdout.isEmpty)
        let listed = try JSONParser.parse(try test.sluice("transformations", "list", "--json").stdout)
        #expect(listed.arrayValue?.compactMap { $0["name"]?.stringValue } == ["card", "framed"])
        #expect(try test.sluice("validate").status == 0)

        let bad = try test.sluice("transformations", "set", "bad", "w_x")
        #expect(bad.status == 1 && bad.stderr.contains("at character 1 (`w_x`)"))
        #expect(try test.sluice("transformations", "set", "loop", "t_loop").stderr.contains("cycle"))
        #expect(try test.sluice("transformations", "set", "../escape", "w_1").stderr.contains("letters, digits, - and _"))
        #expect(try test.sluice("transformations", "set", "Card", "w_1").stderr.contains("differing only in case"))
        #expect(!FileManager.default.fileExists(atPath: test.root + "/transformations/bad.json"))
        let used = try test.sluice("transformations", "delete", "card")
        #expect(used.status == 1 && used.stderr.contains("still used at transformations/framed.json"), "\(used.output)")
        #expect(try test.sluice("transformations", "delete", "framed").status == 0)
        #expect(try test.sluice("transformations", "delete", "card").status == 0)
        #expect(try test.sluice("transformations", "show", "card").stderr == "sluice: error: no named transformation matches \"card\"\n")

        // A chain of nine named transformations is one too deep to expand: validate says so where it starts.
        for index in 1...9 {
            let text = index == 9 ? "w_5" : "t_c\(index + 1)"
            try test.write(
                "transformations/c\(index).json",
                #"{"kind": "transformation", "id": "trf_c\#(index)", "schemaVersion": 1, "transformation": "\#(text)"}"#)
        }
        let deep = try test.sluice("validate")
        #expect(
            deep.status != 0 && deep.output.contains("transformations/c1.json") && deep.output.contains("nest more than 8 deep"), "\(deep.output)")
        #expect(!deep.output.contains("transformations/c2.json"), "c2 starts a chain of eight")
    }
}

@Suite("sluice serve on the command line", .tags(.endToEnd))
struct ServeCommandTests {
    @Test("serve refuses to bind beyond loopback without an access token, and a port out of range, each with one line")
    func refusals() throws {
        let test = try TestWorkspace()
        let open = try test.sluice("serve", "--bind", "0.0.0.0", "--port", "0")
        #expect(open.status == 1 && open.stderr.hasPrefix("sluice: error: binding to 0.0.0.0 lets other machines in"), "\(open.output)")
        #expect(open.stderr.contains("sluice tokens create NAME") && open.stderr.split(separator: "\n").count == 1)
        let port = try test.sluice("serve", "--port", "70000")
        #expect(port.status == 64 && port.stderr.contains("--port must be from 0 to 65535"), "\(port.output)")
    }
}

@Suite("sluice serve stopped with SIGTERM", .tags(.endToEnd))
struct ServeShutdownTests {
    /// Python starts the server with a clear signal mask (a child of a test thread would inherit the thread's blocked
    /// signals), posts a signed webhook to a flow that sleeps 0.8 s then waits 3 s, and sends SIGTERM at once; once the
    /// 3 s have passed it starts the server again and asks the API (with a token) how the run ended.
    static let script = #"""
        import hashlib, hmac, json, os, signal, subprocess, sys, time, urllib.request
        sluice, root, secret, token = sys.argv[1:5]
        signal.alarm(90)
        def start():
            server = subprocess.Popen([sluice, "serve", "--port", "0", "-C", root], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, []))
            for line in server.stdout:
                if "sluice serve: listening on http://127.0.0.1:" in line:
                    return server, int(line.split("http://127.0.0.1:", 1)[1].split()[0])
        server, port = start()
        body = b'{"size": "large"}'
        ts = str(int(time.time()))
        sig = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/hooks/production/slow", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "X-Sluice-Timestamp": ts, "X-Sluice-Signature": "v1=" + sig})
        answer = json.loads(urllib.request.urlopen(request, timeout=30).read())
        posted = time.time()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
        seconds = time.time() - posted
        time.sleep(max(0, 4.2 - (time.time() - posted)))
        server, port = start()
        status = None
        for _ in range(100):
            ask = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/runs/{answer['run']}", headers={"Authorization": "Bearer " + token})
            status = json.loads(urllib.request.urlopen(ask, timeout=30).read())["run"]["status"]
            if status == "succeeded": break
            time.sleep(0.1)
        server.send_signal(signal.SIGTERM)
        print(json.dumps({"run": answer["run"], "code": code, "seconds": seconds, "status": status, "again": server.wait(timeout=60)}))
        """#

    @Test(
        "SIGTERM lets the runs in flight finish or park before the server exits; the parked run wakes after a restart",
        .requires(GitHTTPServer.python != nil, "needs python3 to start the server with a clear signal mask"))
    func drainsAndParks() throws {
        let test = try TestWorkspace()
        #expect(try test.sluice("flows", "new", "Slow", "--power").status == 0)
        var flow = try JSONParser.parse(try test.read("flows/slow/flow.json"))
        try flow.set(true, at: "/enabled")
        try flow.set(
            [
                ["id": "hook", "type": "webhook", "name": "Call", "config": [:], "next": ["nap"]],
                ["id": "nap", "type": "delay", "name": "Nap", "config": ["seconds": 0.8], "next": ["wait"]],
                ["id": "wait", "type": "delay", "name": "Wait", "config": ["seconds": 3]],
            ], at: "/blocks")
        try test.write("flows/slow/flow.json", flow.canonicalText())
        #expect(try test.sluice("commit", "-m", "slow hook").status == 0)
        #expect(try test.sluice("flows", "secrets", "slow", "set", "webhookSecret", input: "hook-secret\n").status == 0)
        let token = try test.sluice("tokens", "create", "ci")
        #expect(token.status == 0 && token.stdout.hasPrefix("sluice_"), "\(token.output)")
        let script = test.directory.child("drain.py")
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))
        let result = try ProcessRunner.run(
            try #require(GitHTTPServer.python),
            [script, SluiceCLI.binary, test.root, "hook-secret", token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)],
            environment: test.environment)
        #expect(result.status == 0, "\(result.output)")
        let report = try JSONParser.parse(result.stdout.split(separator: "\n").last.map(String.init) ?? "")
        #expect(report["code"] == 0 && report["again"] == 0, "\(result.output)")
        // The server waited for the 0.8 s nap (a short delay sleeps), not for the 3 s wait (which parked).
        let seconds = report["seconds"]?.doubleValue ?? 0
        #expect(seconds >= 0.6 && seconds < 2.5, "\(result.output)")
        #expect(report["status"] == "succeeded", "\(result.output)")
        let runs = try JSONParser.parse(try test.sluice("runs", "--json").stdout).arrayValue ?? []
        #expect(runs.count == 1 && runs.first?["id"] == report["run"] && runs.first?["status"] == "succeeded", "\(runs)")
    }
}

@Suite("sluice serve against its OpenAPI document", .tags(.endToEnd))
struct ApiContractTests {
    /// Python starts the server (with a clear signal mask), runs schemathesis against openapi/sluice.yaml with a token
    /// (in the test's temporary folder, where it keeps its cache), stops the server, and passes on schemathesis's output
    /// and status.
    static let script = #"""
        import os, signal, subprocess, sys
        sluice, root, schemathesis, schema, token = sys.argv[1:6]
        signal.alarm(600)
        server = subprocess.Popen([sluice, "serve", "--port", "0", "-C", root], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                  preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, []))
        for line in server.stdout:
            if "listening on http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:", 1)[1].split()[0]); break
        check = subprocess.run([schemathesis, "run", schema, "--url", f"http://127.0.0.1:{port}", "-H", f"Authorization: Bearer {token}",
                                "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", "20", "--seed", "1",
                                "--workers", "1", "--no-color"], capture_output=True, text=True, cwd=os.path.dirname(root))
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        print(check.stdout + check.stderr)
        sys.exit(check.returncode)
        """#

    static var schemathesis: String {
        ProcessInfo.processInfo.environment["SLUICE_SCHEMATHESIS"] ?? TestEnvironment.packageRoot + "/.build/python-tools/bin/schemathesis"
    }

    @Test(
        "the running server answers as openapi/sluice.yaml says (schemathesis: status codes, content types, response schemas, no 5xx)",
        .requires(GitHTTPServer.python != nil, "needs python3 to start the server with a clear signal mask"))
    func contract() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.schemathesis) else {
            Issue.record("schemathesis is missing at \(Self.schemathesis): `make deps` (scripts/install-deps.sh) installs it")
            return
        }
        let test = try TestWorkspace()
        // Something in every list, so that the rows are checked against their schemas too.
        #expect(try test.sluice("upload", TestEnvironment.fixtures + "/media/red-bag.jpg", "--folder", "shop").status == 0)
        #expect(try test.sluice("flows", "new", "Notify", "--power").status == 0)
        var flow = try #require(try JSONParser.parse(try test.read("flows/notify/flow.json")).objectValue)
        flow["blocks"] = [
            ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["notify"]],
            [
                "id": "notify", "type": "notification", "name": "Notify",
                "config": ["asset": "{{trigger.asset.publicId}}", "recipients": ["ops@example.com"], "title": "Seen"],
            ],
        ]
        try test.write("flows/notify/flow.json", JSONValue.object(flow).canonicalText())
        #expect(try test.sluice("run", "notify", "--asset", "shop/red-bag").status == 0)
        #expect(try test.sluice("connections", "add", "slack", "--name", "Team", input: #"{"webhookURL": "https://hooks.example/x"}"#).status == 0)
        let token = try test.sluice("tokens", "create", "contract")
        #expect(token.status == 0)
        let script = test.directory.child("contract.py")
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))
        let result = try ProcessRunner.run(
            try #require(GitHTTPServer.python),
            [
                script, SluiceCLI.binary, test.root, Self.schemathesis, TestEnvironment.packageRoot + "/openapi/sluice.yaml",
                token.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
            ], environment: test.environment)
        #expect(result.status == 0, "\(result.output.suffix(6_000))")
        #expect(result.stdout.contains("Tested: 20"), "\(result.stdout.suffix(2_000))")
    }
}
