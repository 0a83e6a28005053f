/// The environment manifest (`sluice.json`).
public struct Manifest: Codable, Sendable, Hashable {
    public var schema: String?
    public var kind: DocumentKind = .manifest
    /// The workspace id; it also names the workspace's secret key.
    public var id: String
    public var schemaVersion: Int = Manifest.currentSchemaVersion
    /// The product environment this branch holds.
    public var environment: String
    /// The day of the month (1–28) on which a billing cycle starts.
    public var billingCycleDay: Int
    /// Where HTTP blocks may connect; any address when absent.
    public var outboundRequests: OutboundRequests?
    /// The base of delivery URLs (Create Asset URL, `sluice assets url`): where `sluice serve` is reached from
    /// outside. `http://localhost:8080` when absent.
    public var deliveryBaseURL: String?

    /// The schema version this build writes.
    public static let currentSchemaVersion = 1

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, environment, billingCycleDay, outboundRequests, deliveryBaseURL
    }

    /// A new manifest with a fresh workspace id.
    public init(environment: String, billingCycleDay: Int = 1, id: String = Identifiers.documentID(.manifest)) {
        self.id = id
        self.environment = environment
        self.billingCycleDay = billingCycleDay
    }
}

/// Which addresses the HTTP requests of flows (HTTP, Slack and webhook blocks, downloads, error notifications) may
/// reach. A local tool reaches anything its user can; a workspace served to others can keep flows off the machine's
/// own and its network's private services.
public enum OutboundRequests: String, Codable, Sendable, Hashable, CaseIterable {
    case any
    /// No loopback, private, link-local, carrier-grade NAT or unspecified addresses, and no redirects.
    case publicOnly = "public-only"
}
