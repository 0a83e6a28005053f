import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SluiceDocuments
import SluiceJSON

/// HTTP for blocks (Send HTTP Request, Slack Message, Webhook Post, Upload Media from a URL) and error
/// notifications: real HTTP through AsyncHTTPClient. Responses of 400 and above fail the block (500 and above, and
/// connection problems, as worth retrying).
enum HTTPTransport {
    /// The largest response body read.
    static let maximumBody = 10 * 1024 * 1024

    /// One client for the process. A refused connection fails at once instead of being retried until the deadline:
    /// blocks have their own retry policy. Never shut down; it lives as long as the process.
    static let client = makeClient(followingRedirects: true)
    /// The client for workspaces that allow only public addresses: a redirect could lead anywhere, so none is followed.
    static let publicOnlyClient = makeClient(followingRedirects: false)

    private static func makeClient(followingRedirects: Bool) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = followingRedirects ? .follow(max: 5, allowCycles: false) : .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        var json: JSONValue {
            if let value = try? JSONParser.parse(body) { return value }
            return .string(String(decoding: body, as: UTF8.self))
        }
    }

    /// HMAC-SHA256 of `<timestamp>.<body>` with the secret, in hex: what a receiver recomputes to trust a webhook.
    static func signature(secret: String, timestamp: String, body: String) -> String {
        WebhookSignature.sign(secret: secret, timestamp: timestamp, body: Array(body.utf8))
    }

    /// Sends one request; statuses of 400 and above, refused connections and timeouts are block failures. A failure
    /// quotes the start of the reply with `redactor` applied before the quote is cut, so a cut never leaves part of a
    /// secret that the reply echoed.
    static func send(
        _ method: String, _ url: String, headers: [(String, String)], body: String?, timeout: Double, shownURL: String? = nil,
        redactor: Redactor, outbound: OutboundRequests
    ) async throws(BlockFailure) -> Response {
        let shown = "\(method) \(shownURL ?? url)"
        if let refusal = AddressPolicy.refusal(of: url, under: outbound) { throw BlockFailure("\(shown): refused: \(refusal)") }
        let client = outbound == .publicOnly ? publicOnlyClient : client
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            // The time limit covers the whole exchange: the reply's head, then its body, however slowly it comes.
            let end = ContinuousClock.now + .milliseconds(Seconds.milliseconds(timeout))
            response = try await client.execute(request, deadline: NIODeadline.now() + .milliseconds(Seconds.milliseconds(timeout)))
            bytes = try await before(end) { [response] in try await response.body.collect(upTo: maximumBody) }
        } catch {
            throw BlockFailure("\(shown): \(describe(error, timeout: timeout))", isTransient: true)
        }
        let result = Response(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(buffer: bytes))
        guard result.status < 400 else {
            let reply = redactor(String(decoding: result.body.prefix(64 * 1024), as: UTF8.self))
            let text = String(reply.prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw BlockFailure(
                "\(shown): \(result.status) \(response.status.reasonPhrase)\(text.isEmpty ? "" : ": \(text)")", isTransient: result.status >= 500)
        }
        return result
    }

    /// `body`'s result, or `HTTPClientError.deadlineExceeded` (and `body` cancelled) at `end`.
    private static func before<T: Sendable>(_ end: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: end, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw HTTPClientError.deadlineExceeded }
            return value
        }
    }

    private static func describe(_ error: any Error, timeout: Double) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "no response within \(timeout) s"
            case .invalidURL, .emptyHost, .missingSocketPath: return "not a valid URL"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .tlsHandshakeTimeout: return "the TLS handshake timed out"
            case .redirectLimitReached, .redirectCycleDetected: return "too many redirects"
            default:
                // Errors with a value are matched by their name: HTTPClientError is a struct of static values.
                let text = "\(error)"
                if text.contains("unsupportedScheme") { return "not a scheme Sluice requests (http or https)" }
                if text.contains("invalidHeaderFieldNames") { return "a header name holds characters HTTP does not allow" }
                if text.contains("invalidHeaderFieldValues") { return "a header value holds characters HTTP does not allow (a line break?)" }
                return text
            }
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("responseTooBig") || text.contains("tooManyBytes") { return "response larger than \(maximumBody) bytes" }
        return text
    }
}

extension BlockContext {
    /// Sends a request for this block, within its timeout unless another is given; a failure quotes the reply with the
    /// run's secrets replaced.
    func send(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: String? = nil, timeout: Double? = nil, shownURL: String? = nil
    ) async throws(BlockFailure) -> HTTPTransport.Response {
        try await HTTPTransport.send(
            method, url, headers: headers, body: body, timeout: timeout ?? self.timeout, shownURL: shownURL, redactor: redactor,
            outbound: services.outboundRequests)
    }
}
