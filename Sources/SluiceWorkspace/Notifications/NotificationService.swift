import Foundation
import SluiceDocuments
import SluiceGit
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

/// Which assets of a notification to show.
public enum NotifiedAssetFilter: String, Sendable, CaseIterable {
    case all, viewed
    case notViewed = "not-viewed"
}

/// One notification as its detail view shows it: the document, where it lives, and its assets as filtered.
public struct NotificationDetail: Codable, Sendable {
    public var path: String
    /// The user the viewed marks were read for.
    public var user: String
    /// The notification, its assets filtered.
    public var notification: SluiceDocuments.Notification
}

/// In-app notifications from Notification blocks: the Notifications page, marks per user.
public struct NotificationService: Sendable {
    let context: WorkspaceContext

    /// The notifications of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The user marks belong to: `SLUICE_USER`, else git's `user.email`.
    public func currentUser() throws(WorkspaceError) -> String {
        try Self.user(context, repository: context.repository())
    }

    /// The notifications with the overview figures, grouped by flow then block, newest or oldest first.
    public func list(unreadOnly: Bool = false, newestFirst: Bool = true) throws(WorkspaceError) -> NotificationsOverview {
        let snapshot = try context.snapshot()
        let user = try Self.user(context, repository: snapshot.repository)
        var flowNames: [String: String] = [:]
        for facts in snapshot.facts(of: [.flow]) { if let id = facts.id, flowNames[id] == nil { flowNames[id] = facts.name ?? id } }
        var all: [NotificationSummary] = []
        for parsed in snapshot.documents(of: [.notification]) {
            guard case .notification(let notification)? = parsed.document else { continue }
            all.append(
                NotificationSummary(
                    id: notification.id, path: parsed.path, flow: notification.flow, flowName: flowNames[notification.flow],
                    block: notification.block, title: notification.title, description: notification.description, recipients: notification.recipients,
                    assets: notification.assets.count, unread: Self.isUnread(notification, by: user),
                    latest: notification.assets.map(\.addedAt).max() ?? ""))
        }
        let listed = all.filter { !unreadOnly || $0.unread }.sorted { newestFirst ? $0.latest > $1.latest : $0.latest < $1.latest }
        return NotificationsOverview(
            user: user, total: all.count, flows: Set(all.map(\.flow)).count, unread: all.filter(\.unread).count, notifications: listed)
    }

    /// One notification (by its id, its path, or `FLOW-ID/BLOCK-ID`) with the assets the filter keeps for the current user.
    public func detail(_ query: String, filter: NotifiedAssetFilter = .all) throws(WorkspaceError) -> NotificationDetail {
        let snapshot = try context.snapshot()
        let user = try Self.user(context, repository: snapshot.repository)
        var (notification, path) = try snapshot.notification(query)
        notification.assets = notification.assets.filter { asset in
            switch filter {
            case .all: true
            case .viewed: asset.viewedBy[user] != nil
            case .notViewed: asset.viewedBy[user] == nil
            }
        }
        return NotificationDetail(path: path, user: user, notification: notification)
    }

    /// Marks assets (public ids) of a notification, or all of them, viewed by the current user, in one commit.
    public func markViewed(_ query: String, assets publicIDs: [String], all: Bool) throws(WorkspaceError) {
        try context.mutate { snapshot, changes in
            let user = try Self.user(context, repository: snapshot.repository)
            var (notification, path) = try snapshot.notification(query)
            let wanted = Set(publicIDs)
            if let missing = wanted.subtracting(notification.assets.map(\.publicId)).sorted().first {
                throw WorkspaceError.notFound(.notificationAsset(notification: notification.title), query: missing)
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
    public func markRead(_ query: String) throws(WorkspaceError) {
        try context.mutate { snapshot, changes in
            let user = try Self.user(context, repository: snapshot.repository)
            var (notification, path) = try snapshot.notification(query)
            notification.readBy[user] = Self.now()
            try changes.write(.notification(notification), to: path)
            return ("notifications: \(user) read \"\(notification.title)\"", ())
        }
    }

    static func user(_ context: WorkspaceContext, repository: Repository) throws(WorkspaceError) -> String {
        if let user = context.environment["SLUICE_USER"], !user.isEmpty { return user }
        if let email = try? repository.configString("user.email"), !email.isEmpty { return email }
        throw .refused(.unknownUser)
    }

    /// Unread for `user` until they read it after its newest asset arrived.
    static func isUnread(_ notification: SluiceDocuments.Notification, by user: String) -> Bool {
        guard let latest = notification.assets.map(\.addedAt).max() else { return false }
        guard let read = notification.readBy[user] else { return true }
        return read < latest
    }

    static func now() -> String { Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
}

extension WorkspaceSnapshot {
    /// A notification by its id, its path, or `FLOW-ID/BLOCK-ID`.
    func notification(_ query: String) throws(WorkspaceError) -> (notification: SluiceDocuments.Notification, path: String) {
        for parsed in documents(of: [.notification]) {
            guard case .notification(let notification)? = parsed.document else { continue }
            if notification.id == query || parsed.path == query || "\(notification.flow)/\(notification.block)" == query {
                return (notification, parsed.path)
            }
        }
        throw .notFound(.notification, query: query)
    }
}
