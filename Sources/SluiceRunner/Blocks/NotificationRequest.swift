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
}

extension BlockActions {
    /// The Notification block: the asset, with its message, goes into this block's notification document.
    static func notify(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        guard let notify = context.services.notify else { throw BlockFailure("notifications cannot be written here") }
        let asset = try context.asset()
        let recipients = try context.strings("recipients")
        guard !recipients.isEmpty else { throw BlockFailure("config/recipients must name at least one user") }
        let thumbnail =
            asset.resourceType == .raw
            ? nil
            : [context.services.deliveryBaseURL, asset.resourceType.rawValue, "upload", "c_thumb,w_200,h_200", asset.publicID].joined(separator: "/")
                + ".jpg"
        let request = NotificationRequest(
            flowID: context.flow.id, blockID: context.block.id, title: try context.string("title"),
            description: try context.optionalString("description"),
            recipients: recipients, publicID: asset.publicID, message: try context.optionalString("message"), thumbnail: thumbnail)
        do { return BlockOutcome(output: try notify(request)) } catch let failure as BlockFailure { throw failure } catch {
            throw BlockFailure("cannot write the notification: \(error)")
        }
    }
}
