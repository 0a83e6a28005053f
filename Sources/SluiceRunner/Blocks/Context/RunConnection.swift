import Foundation
import SluiceJSON

/// A connection (app account) as a running block uses it: settings and decrypted credentials. Its credential values
/// are redacted from run records like flow secrets.
public struct RunConnection: Sendable, Hashable {
    public var id: String
    public var app: String
    public var name: String
    public var enabled: Bool
    public var settings: [String: JSONValue]
    /// Decrypted credentials; never logged.
    public var credentials: [String: String]

    /// A connection for the runner.
    public init(id: String, app: String, name: String, enabled: Bool, settings: [String: JSONValue], credentials: [String: String]) {
        self.id = id
        self.app = app
        self.name = name
        self.enabled = enabled
        self.settings = settings
        self.credentials = credentials
    }

    /// The values to redact: each credential, and the `Authorization: Basic` form of a username and password.
    var secretValues: [String] {
        var values = Array(credentials.values)
        if let password = credentials["password"] {
            values.append(Data("\(setting("username") ?? ""):\(password)".utf8).base64EncodedString())
        }
        return values
    }

    /// A setting as text.
    func setting(_ key: String) -> String? { settings[key]?.stringValue }
}

extension BlockContext {
    /// The block's connection, which must be there and enabled.
    func requiredConnection(app: String) throws(BlockFailure) -> RunConnection {
        guard let connection else { throw BlockFailure("block \"\(block.id)\" needs a \(app) connection (`sluice flows connect`)") }
        guard connection.enabled else { throw BlockFailure("connection \"\(connection.name)\" is disabled") }
        return connection
    }
}
