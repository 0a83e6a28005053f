import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// Notification: the asset, with its message, goes into this block's in-app notification.
struct NotificationBlock: BlockImplementation {
    let type = BlockTypeID.notification

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        guard let sink = context.services.notifications else { throw BlockFailure("notifications cannot be written here") }
        let asset = try context.asset()
        let recipients = try context.strings("recipients")
        guard !recipients.isEmpty else { throw BlockFailure("config/recipients must name at least one user") }
        let thumbnail = await Self.thumbnail(of: asset, context)
        let request = NotificationRequest(
            flowID: context.flow.id, blockID: context.block.id, title: context.redactor(try context.string("title")),
            description: context.redactor(try context.optionalString("description")), recipients: recipients, publicID: asset.publicID,
            message: context.redactor(try context.optionalString("message")), thumbnail: thumbnail)
        do { return BlockOutcome(output: try sink.add(request)) } catch let failure as BlockFailure { throw failure } catch {
            throw BlockFailure("cannot write the notification: \(error)")
        }
    }

    /// The square thumbnail every notified asset gets, derived now (so a page can show it at once): its delivery path,
    /// which `notifications show` turns into the file. None for a raw file, or when the image cannot be derived (the
    /// notification matters more than its picture).
    static let thumbnailTransformation = Transformation(components: [
        {
            var component = Transformation.Component()
            component.crop = .thumb
            component.gravity = .auto
            component.width = .pixels(200)
            component.height = .pixels(200)
            return component
        }()
    ])

    static func thumbnail(of asset: Asset, _ context: BlockContext) async -> String? {
        guard asset.resourceType != .raw else { return nil }
        do { _ = try await context.services.library.deriveInBackground(asset.publicID, transformation: thumbnailTransformation, format: .jpg) } catch
        {
            return nil
        }
        return DeliveryURL(
            environment: context.services.environment, transformation: thumbnailTransformation, publicID: asset.publicID, format: "jpg"
        )
        .path
    }
}
