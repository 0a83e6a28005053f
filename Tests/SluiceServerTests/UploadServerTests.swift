import AsyncHTTPClient
import Crypto
import Foundation
import NIOHTTP1
import SluiceJSON
import SluiceMedia
import SluiceRunner
import SluiceServer
import SluiceTestSupport
import SluiceWorkspace
import SluiceWorkspaceTestSupport
import Testing

/// Uploads over HTTP and through the inbox folder: each stored with its trigger, each firing the upload flows once.
@Suite("Serving uploads and the inbox", .tags(.loopback))
struct UploadServerTests {
    static let boundary = "sluice-test-boundary-7Yq2"

    /// A multipart body with `fields` and one file part.
    static func multipart(fields: [(String, String)], filename: String, file: [UInt8]) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        body += file + Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    static func post(_ url: String, token: String?, body: [UInt8], type: String = "multipart/form-data; boundary=\(boundary)") async throws
        -> (status: Int, text: String)
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: type)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// A workspace whose enabled flow tags uploads under products/, served while `body` runs.
    static func withServer(
        inbox: String? = nil, maximumUpload: Int = 1 << 30, _ body: (TestWorkspace, WorkspaceContext, String, String) async throws -> Void
    ) async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let flow = try FlowService(context).create(name: "Tag products", type: nil, template: "tag-by-folder")
        _ = try? FlowService(context).setEnabled(flow.slug, true)
        let (_, token) = try TokenService(context).create(name: "uploader")
        let options = SluiceServer.Options(
            host: "127.0.0.1", port: 0, tick: .milliseconds(50), inbox: inbox.map { test.directory.child($0) }, maximumUpload: maximumUpload)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await SluiceServer.run(context: context, options: options) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(test, context, "http://127.0.0.1:\(port)", token)
        server.cancel()
        _ = await server.result
    }

    @Test("POST /api/v1/assets stores the file with its fields and runs the upload flows; a wrong checksum or no token stores nothing")
    func uploadAPI() async throws {
        try await Self.withServer { test, context, base, token in
            let image = Array(try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixtures + "/media/red-bag.jpg")))
            let digest = SHA256.hash(data: image).map { String(format: "%02x", $0) }.joined()
            let fields = [("folder", "products/bags"), ("tags", "new, summer"), ("metadata", #"{"sku": "B-17"}"#), ("sha256", digest)]
            let body = Self.multipart(fields: fields, filename: "../../Red Bag.jpg", file: image)
            let stored = try await Self.post(base + "/api/v1/assets", token: token, body: body)
            #expect(stored.status == 201, "\(stored.text)")
            let asset = try JSONParser.parse(stored.text)["asset"]
            let publicID = try #require(asset?["publicId"]?.stringValue)
            #expect(publicID.hasPrefix("products/bags/") && !publicID.contains(".."), "\(publicID)")
            #expect(asset?["metadata"]?["sku"] == "B-17" && asset?["tags"] == ["new", "summer"])
            let library = try MediaService(context).library()
            // The upload flow ran in the background and tagged the asset, once.
            #expect(try await BackgroundServerTests.eventually { try library.asset(publicID).tags.contains("product") })
            #expect(try await BackgroundServerTests.eventually { try RunService(context).runs(flow: "tag-products").first?.status == .succeeded })
            #expect(try RunService(context).runs(flow: "tag-products").count == 1)

            let changed = Self.multipart(
                fields: [("folder", "products"), ("sha256", String(repeating: "0", count: 64))], filename: "b.jpg", file: image)
            let mismatch = try await Self.post(base + "/api/v1/assets", token: token, body: changed)
            #expect(mismatch.status == 400 && mismatch.text.contains("SHA-256"))
            #expect(try await Self.post(base + "/api/v1/assets", token: nil, body: body).status == 401)
            #expect(try await Self.post(base + "/api/v1/assets", token: token, body: image, type: "image/jpeg").status == 415)
            let noFile = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8)
            #expect(try await Self.post(base + "/api/v1/assets", token: token, body: noFile).status == 400)
            let notImage = Self.multipart(fields: [], filename: "fake.jpg", file: Array("not a picture".utf8))
            let refused = try await Self.post(base + "/api/v1/assets", token: token, body: notImage)
            #expect(refused.status == 400 && refused.text.hasPrefix("fake.jpg: not an image") && !refused.text.contains(".sluice"), "\(refused.text)")
            let name = String(publicID.split(separator: "/").last ?? "")
            let same = Self.multipart(fields: [("folder", "products/bags"), ("publicId", name)], filename: "again.jpg", file: image)
            let again = try await Self.post(base + "/api/v1/assets", token: token, body: same)
            #expect(again.status == 409 && again.text.contains("overwrite=true"), "\(again.text)")
            #expect(try library.search("").count == 1)
            // Nothing of the bodies is left behind.
            let scratch = (try? FileManager.default.contentsOfDirectory(atPath: test.root + "/.sluice/uploads")) ?? []
            #expect(scratch.isEmpty, "\(scratch)")
        }
    }

    @Test("an upload larger than the limit is refused with 413 while it streams")
    func tooLarge() async throws {
        try await Self.withServer(maximumUpload: 4_096) { _, _, base, token in
            let body = Self.multipart(fields: [], filename: "big.jpg", file: [UInt8](repeating: 0xFF, count: 20_000))
            let answer = try await Self.post(base + "/api/v1/assets", token: token, body: body)
            #expect(answer.status == 413 && answer.text.contains("larger than"), "\(answer.status) \(answer.text)")
        }
    }

    @Test("a file dropped in the inbox is uploaded once complete into its subfolder and moved aside; a bad one is refused with its reason")
    func inbox() async throws {
        try await Self.withServer(inbox: "drop") { test, context, _, _ in
            let inbox = test.directory.child("drop")
            try FileManager.default.createDirectory(atPath: inbox + "/products", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: TestEnvironment.fixtures + "/media/red-bag.jpg", toPath: inbox + "/products/red-bag.jpg")
            try Data("not a picture".utf8).write(to: URL(fileURLWithPath: inbox + "/fake.jpg"))
            let library = try MediaService(context).library()
            #expect(try await BackgroundServerTests.eventually { (try? library.asset("products/red-bag"))?.tags.contains("product") == true })
            #expect(!FileManager.default.fileExists(atPath: inbox + "/products/red-bag.jpg"))
            let uploaded = try FileManager.default.subpathsOfDirectory(atPath: inbox + "/.uploaded")
            #expect(uploaded.contains { $0.hasSuffix("products/red-bag.jpg") }, "\(uploaded)")
            #expect(try await BackgroundServerTests.eventually { !FileManager.default.fileExists(atPath: inbox + "/fake.jpg") })
            let refused = try FileManager.default.subpathsOfDirectory(atPath: inbox + "/.refused")
            let reason = try #require(refused.first { $0.hasSuffix("fake.jpg.reason") })
            #expect(try String(contentsOfFile: inbox + "/.refused/" + reason, encoding: .utf8).contains("fake.jpg"))
            #expect(try RunService(context).runs(flow: "tag-products").count == 1)
        }
    }
}
