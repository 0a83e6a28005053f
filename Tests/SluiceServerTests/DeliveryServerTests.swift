import AsyncHTTPClient
import Foundation
import SluiceDocuments
import SluiceImaging
import SluiceMedia
import SluiceServer
import SluiceTestSupport
import SluiceWorkspace
import SluiceWorkspaceTestSupport
import Testing

/// `sluice serve`'s delivery route on a real loopback server, asked by a real HTTP client.
@Suite("Serving delivery URLs", .tags(.loopback))
struct DeliveryServerTests {
    /// A workspace with the red bag uploaded, served on a free loopback port while `body` runs.
    static func withServer(_ body: (TestWorkspace, String) async throws -> Void) async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        var options = MediaLibrary.UploadOptions()
        options.folder = "shop"
        _ = try await RunService(context).upload(files: [TestEnvironment.fixtures + "/media/red-bag.jpg"], options: options)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await SluiceServer.run(context: context, options: SluiceServer.Options(host: "127.0.0.1", port: 0)) { continuation.yield($0) }
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(test, "http://127.0.0.1:\(port)")
        server.cancel()
        _ = await server.result
    }

    static func get(_ url: String, headers: [(String, String)] = [], head: Bool = false) async throws -> (HTTPClientResponse, Data) {
        var request = HTTPClientRequest(url: url)
        if head { request.method = .HEAD }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 50 << 20)
        return (response, Data(buffer: body))
    }

    /// The pixel size of an encoded image.
    static func size(of data: Data) throws -> (Int, Int) {
        let folder = try TemporaryDirectory()
        try data.write(to: URL(fileURLWithPath: folder.child("image")))
        let facts = try ImageInspector.inspect(folder.child("image"))
        return (facts.width, facts.height)
    }

    @Test("a delivery URL gives the derived file with an entity tag; conditional, ranged and HEAD requests work")
    func derived() async throws {
        try await Self.withServer { _, base in
            let (health, text) = try await Self.get(base + "/healthz")
            #expect(health.status == .ok && String(decoding: text, as: UTF8.self) == "ok\n")
            let url = base + "/media/production/c_fill,w_100,h_80/shop/red-bag.jpg"
            let (response, body) = try await Self.get(url)
            #expect(response.status == .ok && response.headers["Content-Type"].first == "image/jpeg")
            #expect(try Self.size(of: body) == (100, 80))
            let tag = try #require(response.headers["ETag"].first)
            #expect(response.headers["Cache-Control"].first == "public, max-age=3600")
            let (again, empty) = try await Self.get(url, headers: [("If-None-Match", tag)])
            #expect(again.status == .notModified && empty.isEmpty)
            let (part, bytes) = try await Self.get(url, headers: [("Range", "bytes=2-11")])
            #expect(part.status == .partialContent && bytes == body[2...11])
            #expect(part.headers["Content-Range"].first == "bytes 2-11/\(body.count)")
            let (outside, _) = try await Self.get(url, headers: [("Range", "bytes=\(body.count + 5)-")])
            #expect(outside.status == .rangeNotSatisfiable)
            let (head, nothing) = try await Self.get(url, head: true)
            #expect(head.status == .ok && nothing.isEmpty && head.headers["Content-Length"].first == String(body.count))
            // The original, byte for byte.
            let (original, file) = try await Self.get(base + "/media/production/shop/red-bag.jpg")
            let sample = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixtures + "/media/red-bag.jpg"))
            #expect(original.status == .ok && file == sample)
        }
    }

    @Test("f_auto follows the Accept header and says it varies by it")
    func formatByAccept() async throws {
        try await Self.withServer { _, base in
            let url = base + "/media/production/f_auto,w_50/shop/red-bag.jpg"
            let (webp, body) = try await Self.get(url, headers: [("Accept", "image/webp,*/*;q=0.8")])
            #expect(webp.headers["Content-Type"].first == "image/webp" && webp.headers["Vary"].first == "Accept")
            #expect(body.count > 12 && Array(body[8..<12]) == Array("WEBP".utf8))
            let (plain, _) = try await Self.get(url, headers: [("Accept", "*/*")])
            #expect(plain.headers["Content-Type"].first == "image/jpeg")
        }
    }

    @Test("what a URL cannot give is one line with the right status")
    func failures() async throws {
        try await Self.withServer { _, base in
            for (path, status, words) in [
                ("/media/production/shop/nope.jpg", 404, "no asset \"shop/nope\""),
                ("/media/staging/shop/red-bag.jpg", 404, "environment \"staging\""),
                ("/media/production/c_scale,w_16000,h_16000/shop/red-bag.jpg", 422, "more than the limit"),
                ("/media/production/shop/red-bag.xyz", 400, "cannot deliver"),
                ("/media/production/w_10/shop/red%00bag.jpg", 400, "not a name"),
            ] {
                let (response, body) = try await Self.get(base + path)
                let text = String(decoding: body, as: UTF8.self)
                #expect(response.status.code == status, "\(path): \(response.status) \(text)")
                #expect(text.contains(words) && text.split(separator: "\n").count == 1, "\(path): \(text)")
            }
        }
    }

    @Test("binding beyond loopback is refused before anything listens")
    func loopbackOnly() async throws {
        let test = try TestWorkspace()
        await #expect(throws: SluiceServer.StartError.self) {
            try await SluiceServer.run(context: try test.open(), options: SluiceServer.Options(host: "0.0.0.0", port: 0))
        }
    }
}
