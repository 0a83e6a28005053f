import Foundation
import SluiceDocuments
import SluiceJSON

/// One notification as `sluice notifications` lists it.
public struct NotificationSummary: Codable, Sendable {
    public var id: String
    public var path: String
    public var flow: String
    public var flowName: String?
    public var block: String
    public var title: String
    public var description: String?
    public var recipients: [String]
    public var assets: Int
    /// Whether the current user has not read it since its newest asset arrived.
    public var unread: Bool
    /// When its newest asset arrived.
    public var latest: String
}

/// The Notifications page: the overview and the list.
public struct NotificationsOverview: Codable, Sendable {
    public var user: String
    public var total: Int
    public var flows: Int
    /// The unread badge.
    public var unread: Int
    public var notifications: [NotificationSummary]
}

extension Workspace {
    /// The user marks belong to: `SLUICE_USER`, else git's `user.email`.
    public func currentUser() throws -> String {
        if let user = environment["SLUICE_USER"], !user.isEmpty { return user }
        if let email = try? repository.configString("user.email"), !email.isEmpty { return email }
        throw WorkspaceError.refused("who are you? set SLUICE_USER or `git config user.email`")
    }

    /// The notifications with the overview figures, grouped by flow then block, newest or oldest first.
    public func notifications(unreadOnly: Bool = false, newestFirst: Bool = true) throws -> NotificationsOverview {
        let user = try currentUser()
        let flowNames = Dictionary(
            flowSummaries().compactMap { summary in summary.id.map { ($0, summary.name ?? $0) } }, uniquingKeysWith: { a, _ in a })
        var all: [NotificationSummary] = []
        for parsed in loadDocuments(kinds: [.notification], checkReferences: false) {
            guard case .notification(let notification)? = parsed.document else { continue }
            let latest = notification.assets.map(\.addedAt).max() ?? ""
            all.append(
                NotificationSummary(
                    id: notification.id, path: parsed.path, flow: notification.flow, flowName: flowNames[notification.flow],
                    block: notification.block,
                    title: notification.title, description: notification.description, recipients: notification.recipients,
                    assets: notification.assets.count, unread: Self.isUnread(notification, by: user), latest: latest))
        }
        let listed = all.filter { !unreadOnly || $0.unread }.sorted { newestFirst ? $0.latest > $1.latest : $0.latest < $1.latest }
        return NotificationsOverview(
            user: user, total: all.count, flows: Set(all.map(\.flow)).count, unread: all.filter(\.unread).count, notifications: listed)
    }

    /// Unread for `user` until they read it after its newest asset arrived.
    static func isUnread(_ notification: SluiceDocuments.Notification, by user: String) -> Bool {
        guard let latest = notification.assets.map(\.addedAt).max() else { return false }
        guard let read = notification.readBy[user] else { return true }
        return read < latest
    }

    /// A notification by its id, its path, or `FLOW-ID/BLOCK-ID`.
    public func notification(_ query: String) throws -> (notification: SluiceDocuments.Notification, path: String) {
        for parsed in loadDocuments(kinds: [.notification], checkReferences: false) {
            guard case .notification(let notification)? = parsed.document else { continue }
            if notification.id == query || parsed.path == query || "\(notification.flow)/\(notification.block)" == query {
                return (notification, parsed.path)
            }
        }
        throw WorkspaceError.notFound(kind: "notification", query: query)
    }

    /// Marks assets (public ids) of a notification, or all of them, viewed by the current user, in one commit.
    public func markViewed(_ query: String, assets publicIDs: [String], all: Bool) throws {
        let user = try currentUser()
        try mutate { changes in
            var (notification, path) = try notification(query)
            let wanted = Set(publicIDs)
            if let missing = wanted.subtracting(notification.assets.map(\.publicId)).sorted().first {
                throw WorkspaceError.notFound(kind: "asset in notification \"\(notification.title)\"", query: missing)
            }
            let now = Self.now()
            for index in notification.assets.indices where all || wanted.contains(notification.assets[index].publicId) {
                notification.assets[index].viewedBy[user] = now
            }
            try changes.write(.notification(notification), to: path)
            return ("notifications: \(user) viewed \(all ? "all assets" : "\(wanted.count) asset(s)") of \"\(notification.title)\"", ())
        }
    }

    /// Marks a notification read by the current user (until new assets arrive).
    public func markRead(_ query: String) throws {
        let user = try currentUser()
        try mutate { changes in
            var (notification, path) = try notification(query)
            notification.readBy[user] = Self.now()
            try changes.write(.notification(notification), to: path)
            return ("notifications: \(user) read \"\(notification.title)\"", ())
        }
    }

    static func now() -> String { Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
}
