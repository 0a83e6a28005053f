import SluiceJSON

/// One connected account of a third-party app (`connections/<app>/<slug>.json`).
public struct Connection: Codable, Sendable, Hashable {
    public var schema: String?
    public var kind: DocumentKind = .connection
    public var id: String
    public var schemaVersion: Int = 1
    /// The app catalog id (`slack`, `http`, …).
    public var app: String
    public var name: String
    public var enabled: Bool
    /// Credential fields that are not secret, in plain text.
    public var settings: [String: JSONValue]
    /// Secret credential fields, each an `enc:v1:…` value.
    public var credentials: [String: String]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, app, name, enabled, settings, credentials
    }

    /// A new enabled connection with no fields yet.
    public init(app: String, name: String, id: String = Identifiers.documentID(.connection)) {
        self.id = id
        self.app = app
        self.name = name
        self.enabled = true
        self.settings = [:]
        self.credentials = [:]
    }
}
