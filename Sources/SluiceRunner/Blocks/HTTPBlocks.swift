import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SluiceJSON

/// Send HTTP Request, Slack Message and Webhook Post: real HTTP through AsyncHTTPClient, the connection's credentials
/// applied. Responses of 400 and above fail the block (500 and above, and connection problems, as worth retrying).
enum HTTPBlocks {
    /// The largest response body read.
    static let maximumBody = 10 * 1024 * 1024

    /// One client for the process. A refused connection fails at once instead of being retried until the deadline:
    /// blocks have their own retry policy. Never shut down; it lives as long as the process.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        var json: JSONValue {
            if let value = try? JSONParser.parse(body) { return value }
            return .string(String(decoding: body, as: UTF8.self))
        }
    }

    static func run(_ type: String, _ context: BlockContext, connection: RunConnection?, timeout: Double) async throws(BlockFailure) -> BlockOutcome?
    {
        switch type {
        case "http-request": return try await request(context, connection: connection, timeout: timeout)
        case "slack-message":
            let connection = try required(connection, app: "slack", context)
            guard let url = connection.credentials["webhookURL"] else { throw BlockFailure("connection \"\(connection.name)\" has no webhookURL") }
            var message: JSONObject = ["text": .string(try context.string("text"))]
            for key in ["channel", "username"] { if let value = try context.optionalString(key) { message[key] = .string(value) } }
            let response = try await send(
                "POST", url, headers: [("Content-Type", "application/json")], body: JSONValue.object(message).compactText(), timeout: timeout,
                shownURL: "the Slack webhook")
            return BlockOutcome(output: ["status": .number(JSONNumber(response.status)), "body": response.json])
        case "upload-media":
            // Local paths are AssetBlocks' work; a URL is downloaded first, then uploaded like a file.
            let source = try context.string("source")
            let response = try await send("GET", source, headers: [], body: nil, timeout: timeout)
            let name = URL(string: source)?.lastPathComponent.nilIfEmpty ?? "download"
            let temporary = NSTemporaryDirectory() + "sluice-download-\(UUID().uuidString)-\(name)"
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            do { try Data(response.body).write(to: URL(fileURLWithPath: temporary)) } catch {
                throw BlockFailure("cannot keep the download of \(source): \(error.localizedDescription)")
            }
            return BlockOutcome(output: try AssetBlocks.upload(temporary, context, filename: name).jsonValue)
        case "webhook-post":
            let connection = try required(connection, app: "webhook", context)
            guard let url = connection.setting("url") else { throw BlockFailure("connection \"\(connection.name)\" has no url") }
            let body = (context.config["payload"] ?? .object(JSONObject())).compactText()
            let timestamp = String(Int(Date().timeIntervalSince1970))
            var headers = [("Content-Type", "application/json"), ("X-Sluice-Timestamp", timestamp)]
            if let secret = connection.credentials["signingSecret"] {
                headers.append(("X-Sluice-Signature", "v1=" + signature(secret: secret, timestamp: timestamp, body: body)))
            }
            let response = try await send("POST", url, headers: headers, body: body, timeout: timeout)
            return BlockOutcome(output: ["status": .number(JSONNumber(response.status)), "body": response.json])
        default:
            return nil
        }
    }

    /// HMAC-SHA256 of `<timestamp>.<body>` with the secret, in hex: what a receiver recomputes to trust a webhook.
    static func signature(secret: String, timestamp: String, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    private static func required(_ connection: RunConnection?, app: String, _ context: BlockContext) throws(BlockFailure) -> RunConnection {
        guard let connection else { throw BlockFailure("block \"\(context.block.id)\" needs a \(app) connection (`sluice flows connect`)") }
        guard connection.enabled else { throw BlockFailure("connection \"\(connection.name)\" is disabled") }
        return connection
    }

    private static func request(_ context: BlockContext, connection: RunConnection?, timeout: Double) async throws(BlockFailure) -> BlockOutcome {
        let method = (try context.optionalString("method") ?? "GET").uppercased()
        var url = try context.string("url")
        if !url.lowercased().hasPrefix("http://"), !url.lowercased().hasPrefix("https://") {
            guard let base = connection?.setting("baseURL") else {
                throw BlockFailure("config/url \"\(url)\" is relative and the block has no connection with a base URL")
            }
            url = base.trimmingCharacters(in: ["/"]) + "/" + url.trimmingCharacters(in: ["/"])
        }
        if case .object(let query)? = context.config["query"], !query.isEmpty {
            guard var components = URLComponents(string: url) else { throw BlockFailure("config/url \"\(url)\" is not a URL") }
            components.queryItems =
                (components.queryItems ?? []) + query.map { URLQueryItem(name: $0.key, value: DynamicResolver.stringify($0.value)) }
            url = components.string ?? url
        }
        var headers: [(String, String)] = []
        if case .object(let given)? = context.config["headers"] {
            for (name, value) in given { headers.append((name, DynamicResolver.stringify(value))) }
        }
        if let connection {
            guard connection.enabled else { throw BlockFailure("connection \"\(connection.name)\" is disabled") }
            headers += try authorization(connection)
        }
        var body: String?
        if let value = context.config["body"], !value.isNull {
            body = value.compactText()
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) { headers.append(("Content-Type", "application/json")) }
        }
        let seconds = context.config["timeoutSeconds"]?.doubleValue ?? timeout
        let response = try await send(method, url, headers: headers, body: body, timeout: seconds)
        var responseHeaders = JSONObject()
        for (name, value) in response.headers { responseHeaders[name.lowercased()] = .string(value) }
        return BlockOutcome(output: ["status": .number(JSONNumber(response.status)), "headers": .object(responseHeaders), "body": response.json])
    }

    private static func authorization(_ connection: RunConnection) throws(BlockFailure) -> [(String, String)] {
        switch connection.setting("auth") ?? "none" {
        case "bearer":
            guard let token = connection.credentials["token"] else { throw BlockFailure("connection \"\(connection.name)\" has no token") }
            return [("Authorization", "Bearer \(token)")]
        case "basic":
            let pair = "\(connection.setting("username") ?? ""):\(connection.credentials["password"] ?? "")"
            return [("Authorization", "Basic \(Data(pair.utf8).base64EncodedString())")]
        case "apiKey":
            guard let name = connection.setting("headerName"), let key = connection.credentials["apiKey"] else {
                throw BlockFailure("connection \"\(connection.name)\" needs headerName and apiKey")
            }
            return [(name, key)]
        default: return []
        }
    }

    /// Sends one request; statuses of 400 and above, refused connections and timeouts are block failures.
    static func send(
        _ method: String, _ url: String, headers: [(String, String)], body: String?, timeout: Double, shownURL: String? = nil
    ) async throws(BlockFailure) -> Response {
        let shown = "\(method) \(shownURL ?? url)"
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            let deadline = NIODeadline.now() + .milliseconds(Int64(max(timeout, 0.001) * 1000))
            response = try await client.execute(request, deadline: deadline)
            bytes = try await response.body.collect(upTo: maximumBody)
        } catch {
            throw BlockFailure("\(shown): \(describe(error, timeout: timeout))", isTransient: true)
        }
        let result = Response(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(buffer: bytes))
        guard result.status < 400 else {
            let text = String(decoding: result.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw BlockFailure(
                "\(shown): \(result.status) \(response.status.reasonPhrase)\(text.isEmpty ? "" : ": \(text)")", isTransient: result.status >= 500)
        }
        return result
    }

    private static func describe(_ error: any Error, timeout: Double) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "no response within \(timeout) s"
            case .invalidURL: return "not a valid URL"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(error)"
            }
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("responseTooBig") || text.contains("tooManyBytes") { return "response larger than \(maximumBody) bytes" }
        return text
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty || self == "/" ? nil : self }
}
