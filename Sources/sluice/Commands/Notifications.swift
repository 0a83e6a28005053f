import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceWorkspace

extension Sluice {
    struct Notifications: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In-app notifications from Notification blocks, grouped by flow and block.",
            discussion: "Marks belong to the current user: SLUICE_USER, else git's user.email. Marking commits the notification.",
            subcommands: [List.self, Show.self, View.self, Read.self], defaultSubcommand: List.self)
    }
}

extension Sluice.Notifications {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The overview (total, flows, unread badge) and the list.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Only notifications with assets you have not read.") var unread = false
        @Option(help: "newest or oldest first.") var sort: Order = .newest

        enum Order: String, ExpressibleByArgument, CaseIterable { case newest, oldest }

        func run() throws {
            let overview = try NotificationService(workspace.context()).list(unreadOnly: unread, newestFirst: sort == .newest)
            if output.json { return try Output.json(overview) }
            Output.line("\(overview.total) notification(s) from \(overview.flows) flow(s); \(overview.unread) unread for \(overview.user)")
            var flow: String?
            for item in overview.notifications {
                if item.flow != flow {
                    flow = item.flow
                    Output.line("\(item.flowName ?? item.flow) (\(item.flow))")
                }
                let mark = item.unread ? "●" : " "
                Output.line("  \(mark) \(item.title)  [\(item.block)]  \(item.assets) asset(s), latest \(item.latest)  id \(item.id)")
                if let description = item.description { Output.line("      \(description)") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One notification: who sent it and its assets with their messages.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The notification's id, path, or FLOW-ID/BLOCK-ID.") var id: String
        @Option(help: "all, viewed or not-viewed.") var filter: NotifiedAssetFilter = .all
        @Option(help: "list or grid.") var view: Layout = .list

        enum Layout: String, ExpressibleByArgument, CaseIterable { case list, grid }

        func run() throws {
            let context = try workspace.context()
            let detail = try NotificationService(context).detail(id, filter: filter)
            let media = MediaService(context)
            let (notification, path, user) = (detail.notification, detail.path, detail.user)
            if output.json { return try Output.json(notification) }
            Output.line("\(notification.title)  (\(path))")
            Output.line("  from flow \(notification.flow), block \(notification.block); for \(notification.recipients.joined(separator: ", "))")
            if let description = notification.description { Output.line("  \(description)") }
            switch view {
            case .list:
                for asset in notification.assets {
                    let seen = asset.viewedBy[user] == nil ? "not viewed" : "viewed"
                    Output.line("  \(asset.publicId)  \(seen)  added \(asset.addedAt)\(asset.message.map { "  — \($0)" } ?? "")")
                    if let thumbnail = asset.thumbnail {
                        Output.line(
                            "      thumbnail: \(media.file(ofDeliveryPath: thumbnail) ?? "\(thumbnail) (its asset was moved or deleted since)")")
                    }
                }
            case .grid:
                let cells = notification.assets.map { ($0.viewedBy[user] == nil ? "● " : "  ") + $0.publicId }
                let width = (cells.map(\.count).max() ?? 0) + 2
                for row in stride(from: 0, to: cells.count, by: 3) {
                    Output.line(
                        "  " + cells[row..<min(row + 3, cells.count)].map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
                }
            }
        }
    }

    struct View: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark assets of a notification viewed.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The notification.") var id: String
        @Argument(help: "Public ids of its assets.") var assets: [String] = []
        @Flag(help: "Every asset.") var all = false

        func validate() throws {
            if assets.isEmpty != all { throw ValidationError("name assets or pass --all (not both)") }
        }

        func run() throws {
            try NotificationService(workspace.context()).markViewed(id, assets: assets, all: all)
            Output.line(all ? "Marked every asset viewed" : "Marked \(assets.count) asset(s) viewed")
        }
    }

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a notification read (until new assets arrive).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The notification.") var id: String

        func run() throws {
            try NotificationService(workspace.context()).markRead(id)
            Output.line("Marked read")
        }
    }
}

extension NotifiedAssetFilter: ExpressibleByArgument {}
