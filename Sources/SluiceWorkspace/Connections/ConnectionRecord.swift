import SluiceDocuments
import SluiceJSON

/// A valid connection and where it lives.
public struct ConnectionRecord: Sendable {
    public var path: String
    public var connection: Connection
}

/// A block that uses a connection.
public struct ConnectionUse: Codable, Sendable, Hashable {
    public var flowID: String
    public var flowName: String
    public var flowEnabled: Bool
    public var blockID: String
}

/// One account in `sluice connections` and `connections show`; secret fields show only whether they are set.
public struct ConnectionSummary: Codable, Sendable, Hashable {
    public var id: String
    public var app: String
    public var name: String
    public var path: String
    public var enabled: Bool
    public var settings: [String: String]
    /// Names of the secret fields that hold a value.
    public var secretFields: [String]
    public var usedBy: [ConnectionUse]

    /// The summary of one connection, with the blocks that use it.
    init(_ record: ConnectionRecord, uses: [String: [ConnectionUse]]) {
        let connection = record.connection
        id = connection.id
        app = connection.app
        name = connection.name
        path = record.path
        enabled = connection.enabled
        settings = connection.settings.mapValues { $0.stringValue ?? $0.compactText() }
        secretFields = connection.credentials.keys.sorted()
        usedBy = uses[connection.id] ?? []
    }
}

/// `sluice connections`: overview, accounts per app, and apps not connected yet.
public struct ConnectionsReport: Codable, Sendable {
    public struct Overview: Codable, Sendable {
        public var connectedApps: Int
        public var accounts: Int
        public var flowsUsingConnections: Int
    }
    public struct AppAccounts: Codable, Sendable {
        public var app: String
        public var name: String
        public var accounts: [ConnectionSummary]
    }
    public struct DiscoverableApp: Codable, Sendable {
        public var app: String
        public var name: String
        public var summary: String
    }
    public var overview: Overview
    public var manage: [AppAccounts]
    public var discover: [DiscoverableApp]
}
