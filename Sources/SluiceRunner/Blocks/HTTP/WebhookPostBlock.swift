import Foundation
import SluiceJSON

/// Webhook Post: POSTs a JSON payload to the connection's URL, signed with its secret (`X-Sluice-Signature`).
struct WebhookPostBlock: BlockImplementation {
    let type = "webhook-post"
    let waitsOutside = true

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        let connection = try context.requiredConnection(app: "webhook")
        guard let url = connection.setting("url") else { throw BlockFailure("connection \"\(connection.name)\" has no url") }
        let body = (context.config["payload"] ?? .object(JSONObject())).compactText()
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var headers = [("Content-Type", "application/json"), ("X-Sluice-Timestamp", timestamp)]
        if let secret = connection.credentials["signingSecret"] {
            headers.append(("X-Sluice-Signature", "v1=" + HTTPTransport.signature(secret: secret, timestamp: timestamp, body: body)))
        }
        let response = try await context.send("POST", url, headers: headers, body: body)
        return BlockOutcome(output: ["status": .number(JSONNumber(response.status)), "body": response.json])
    }
}
