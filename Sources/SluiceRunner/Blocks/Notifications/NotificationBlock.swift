import SluiceDocuments
import SluiceJSON

/// Notification: the asset, with its message, goes into this block's in-app notification.
struct NotificationBlock: BlockImplementation {
    let type = BlockTypeID.notification

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        guard let sink = context.services.notifications else { throw BlockFailure("notifications cannot be written here") }
        let asset = try context.asset()
        let recipients = try context.strings("recipients")
        guard !recipients.isEmpty else { throw BlockFailure("config/recipients must name at least one user") }
        let thumbnail =
            asset.resourceType == .raw
            ? nil
            : [context.services.deliveryBaseURL, asset.resourceType.rawValue, "upload", "c_thumb,w_200,h_200", asset.publicID].joined(separator: "/")
                + ".jpg"
        let request = NotificationRequest(
            flowID: context.flow.id, blockID: context.block.id, title: context.redactor(try context.string("title")),
            description: context.redactor(try context.optionalString("description")), recipients: recipients, publicID: asset.publicID,
            message: context.redactor(try context.optionalString("message")), thumbnail: thumbnail)
        do { return BlockOutcome(output: try sink.add(request)) } catch let failure as BlockFailure { throw failure } catch {
            throw BlockFailure("cannot write the notification: \(error)")
        }
    }
}
