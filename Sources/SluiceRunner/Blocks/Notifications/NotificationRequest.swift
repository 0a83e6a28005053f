import SluiceJSON

/// What a Notification block asks the workspace to record: one asset added to the (flow, block) notification.
public struct NotificationRequest: Sendable, Hashable {
    public var flowID: String
    public var blockID: String
    public var title: String
    public var description: String?
    public var recipients: [String]
    public var publicID: String
    public var message: String?
    /// A delivery URL for a small preview of the asset.
    public var thumbnail: String?

    /// A request to add `publicID` to the (flow, block) notification.
    public init(
        flowID: String, blockID: String, title: String, description: String?, recipients: [String], publicID: String, message: String?,
        thumbnail: String?
    ) {
        self.flowID = flowID
        self.blockID = blockID
        self.title = title
        self.description = description
        self.recipients = recipients
        self.publicID = publicID
        self.message = message
        self.thumbnail = thumbnail
    }
}
