import SluiceJSON

/// Slack Message: posts to the connection's incoming webhook.
struct SlackMessageBlock: BlockImplementation {
    let type = "slack-message"
    let waitsOutside = true

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        let connection = try context.requiredConnection(app: "slack")
        guard let url = connection.credentials["webhookURL"] else { throw BlockFailure("connection \"\(connection.name)\" has no webhookURL") }
        var message: JSONObject = ["text": .string(try context.string("text"))]
        for key in ["channel", "username"] { if let value = try context.optionalString(key) { message[key] = .string(value) } }
        let response = try await context.send(
            "POST", url, headers: [("Content-Type", "application/json")], body: JSONValue.object(message).compactText(), shownURL: "the Slack webhook"
        )
        return BlockOutcome(output: ["status": .number(JSONNumber(response.status)), "body": response.json])
    }
}
