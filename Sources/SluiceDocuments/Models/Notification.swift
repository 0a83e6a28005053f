/// An in-app notification grouped per (flow, block) (`notifications/<flow-id>/<block-id>.json`).
/// The runner writes these; every run of the block adds its assets to the same document.
public struct Notification: Codable, Sendable, Hashable {
    public var schema: String?
    public var kind: DocumentKind = .notification
    public var id: String
    public var schemaVersion: Int = 1
    public var flow: String
    public var block: String
    public var title: String
    public var description: String?
    /// The users (e-mail addresses or names) the notification is for.
    public var recipients: [String]
    public var assets: [NotifiedAsset]
    /// User → ISO 8601 time at which that user marked the notification read.
    public var readBy: [String: String]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, flow, block, title, description, recipients, assets, readBy
    }

    /// A notification with no assets yet.
    public init(flow: String, block: String, title: String, recipients: [String], id: String = Identifiers.documentID(.notification)) {
        self.id = id
        self.flow = flow
        self.block = block
        self.title = title
        self.recipients = recipients
        self.assets = []
        self.readBy = [:]
    }
}

/// One asset in a notification, with its message and who has viewed it.
public struct NotifiedAsset: Codable, Sendable, Hashable {
    /// The asset's id in the media library; merges match assets by it.
    public var id: String
    public var publicId: String
    public var message: String?
    /// A reference to a thumbnail (a delivery URL or a path under `.sluice/`).
    public var thumbnail: String?
    /// ISO 8601 time the asset was added.
    public var addedAt: String
    /// User → ISO 8601 time at which that user viewed the asset.
    public var viewedBy: [String: String]

    /// An asset nobody has viewed yet.
    public init(id: String, publicId: String, message: String? = nil, thumbnail: String? = nil, addedAt: String) {
        self.id = id
        self.publicId = publicId
        self.message = message
        self.thumbnail = thumbnail
        self.addedAt = addedAt
        self.viewedBy = [:]
    }
}
