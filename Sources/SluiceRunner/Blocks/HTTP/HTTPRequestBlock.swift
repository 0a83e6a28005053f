import Foundation
import SluiceJSON

/// Send HTTP Request: method, URL (relative to the connection's base URL), query, headers and a JSON body, with the
/// connection's credentials applied.
struct HTTPRequestBlock: BlockImplementation {
    let type = "http-request"
    let waitsOutside = true

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        let connection = context.connection
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
            headers += try Self.authorization(connection)
        }
        var body: String?
        if let value = context.config["body"], !value.isNull {
            body = value.compactText()
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) { headers.append(("Content-Type", "application/json")) }
        }
        let seconds = context.config["timeoutSeconds"]?.doubleValue ?? context.timeout
        let response = try await context.send(method, url, headers: headers, body: body, timeout: seconds)
        var responseHeaders = JSONObject()
        for (name, value) in response.headers { responseHeaders[name.lowercased()] = .string(value) }
        return BlockOutcome(output: ["status": .number(JSONNumber(response.status)), "headers": .object(responseHeaders), "body": response.json])
    }

    /// The headers a connection's authentication setting asks for.
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
}
