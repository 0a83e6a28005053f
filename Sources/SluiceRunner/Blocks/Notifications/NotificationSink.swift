import SluiceJSON

/// Where Notification blocks record their assets: the workspace writes them into notification documents.
public protocol NotificationSink: Sendable {
    /// Adds the request's asset to its (flow, block) notification; returns what the block outputs.
    func add(_ request: NotificationRequest) throws -> JSONValue
}
