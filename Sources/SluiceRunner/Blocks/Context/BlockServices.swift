import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// What blocks use besides their config: the environment's media library and the parts of the workspace that some
/// blocks reach through narrow interfaces (flows to call, notifications to record).
public struct BlockServices: Sendable {
    public var library: MediaLibrary
    /// Where Export Metadata to CSV writes its files.
    public var exportFolder: String
    /// The base of the delivery URLs Create Asset URL builds when the block names none.
    public var deliveryBaseURL: String
    /// The environment whose library this is: delivery URLs name it.
    public var environment: String
    /// The named transformations (`t_name`) of the environment.
    public var namedTransformations: [String: Transformation]
    /// The flows Trigger Another Flow may call; nil where calling flows is not available.
    public var flows: (any FlowDirectory)?
    /// Where Notification blocks record their assets; nil where notifications cannot be written.
    public var notifications: (any NotificationSink)?
    /// Which addresses HTTP requests may reach (the manifest's `outboundRequests`).
    public var outboundRequests: OutboundRequests

    /// Services over `library`.
    public init(
        library: MediaLibrary, exportFolder: String, deliveryBaseURL: String = DeliveryURL.defaultBase, environment: String = "main",
        namedTransformations: [String: Transformation] = [:], flows: (any FlowDirectory)? = nil, notifications: (any NotificationSink)? = nil,
        outboundRequests: OutboundRequests = .any
    ) {
        self.library = library
        self.exportFolder = exportFolder
        self.deliveryBaseURL = deliveryBaseURL
        self.environment = environment
        self.namedTransformations = namedTransformations
        self.flows = flows
        self.notifications = notifications
        self.outboundRequests = outboundRequests
    }
}
