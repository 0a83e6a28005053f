/// A third-party app Sluice can connect to, and the credential fields an account needs.
public struct App: Sendable, Hashable {
    public let id: String
    public let name: String
    public let summary: String
    public let fields: [AppField]

    /// The fields stored encrypted.
    public var secretFields: [AppField] { fields.filter(\.secret) }
}

/// One credential field of an app.
public struct AppField: Sendable, Hashable {
    /// The kinds of value a field holds.
    public enum ValueKind: String, Sendable { case string, integer, url, choice }

    public let key: String
    public let label: String
    public let secret: Bool
    public let required: Bool
    public let kind: ValueKind
    /// The allowed values of a `choice` field.
    public let choices: [String]

    init(_ key: String, _ label: String, secret: Bool = false, required: Bool = true, kind: ValueKind = .string, choices: [String] = []) {
        self.key = key
        self.label = label
        self.secret = secret
        self.required = required
        self.kind = kind
        self.choices = choices
    }
}

/// The apps a connection can be made to (MEDIAFLOWS.md "Apps & Connections").
public enum AppCatalog {
    /// Every app, in display order.
    public static let all: [App] = [
        App(
            id: "http", name: "HTTP", summary: "Any HTTP API: bearer token, basic auth or an API-key header.",
            fields: [
                AppField("baseURL", "Base URL", required: false, kind: .url),
                AppField("auth", "Authentication", kind: .choice, choices: ["none", "bearer", "basic", "apiKey"]),
                AppField("token", "Bearer token", secret: true, required: false),
                AppField("username", "User name", required: false),
                AppField("password", "Password", secret: true, required: false),
                AppField("headerName", "API-key header name", required: false),
                AppField("apiKey", "API key", secret: true, required: false),
            ]),
        App(
            id: "slack", name: "Slack", summary: "Messages through an incoming webhook.",
            fields: [
                AppField("webhookURL", "Incoming webhook URL", secret: true, kind: .url)
            ]),
        App(
            id: "webhook", name: "Webhook", summary: "Signed JSON POSTs to a URL.",
            fields: [
                AppField("url", "URL", kind: .url),
                AppField("signingSecret", "Signing secret", secret: true),
            ]),
        App(
            id: "s3", name: "Amazon S3", summary: "S3 or any S3-compatible object store.",
            fields: [
                AppField("endpoint", "Endpoint", required: false, kind: .url),
                AppField("region", "Region"),
                AppField("bucket", "Bucket"),
                AppField("accessKeyId", "Access key id"),
                AppField("secretAccessKey", "Secret access key", secret: true),
            ]),
        App(
            id: "sftp", name: "SFTP", summary: "Upload files over SFTP.",
            fields: [
                AppField("host", "Host"),
                AppField("port", "Port", required: false, kind: .integer),
                AppField("user", "User"),
                AppField("password", "Password", secret: true, required: false),
                AppField("privateKey", "Private key", secret: true, required: false),
            ]),
        App(
            id: "smtp", name: "SMTP e-mail", summary: "Send e-mail through an SMTP server.",
            fields: [
                AppField("host", "Host"),
                AppField("port", "Port", kind: .integer),
                AppField("user", "User", required: false),
                AppField("password", "Password", secret: true, required: false),
                AppField("from", "From address"),
            ]),
        App(
            id: "sendgrid", name: "SendGrid", summary: "Send e-mail through SendGrid.",
            fields: [
                AppField("apiKey", "API key", secret: true)
            ]),
    ]

    /// Looks an app up by id.
    public static func app(_ id: String) -> App? { all.first { $0.id == id } }
}
