import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Moderation, notifications and usage")
struct NotificationAndUsageTests {
    func sample(_ name: String) -> String { TestEnvironment.fixtures + "/media/" + name }

    /// A workspace with the moderation template enabled and two uploads waiting for a decision.
    func moderatedWorkspace(user: String = "ana@example.com") async throws -> (TestWorkspace, WorkspaceContext) {
        let test = try TestWorkspace(environmentOverrides: ["SLUICE_USER": user])
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Review", type: nil, template: "moderation-queue")
        try FlowService(workspace).setEnabled("review", true)
        var options = MediaLibrary.UploadOptions()
        options.tags = ["ugc"]
        let report = try await RunService(workspace).upload(files: [sample("red-bag.jpg"), sample("logo.png")], options: options)
        #expect(report.runs.map(\.status) == [.waiting, .waiting])
        return (test, workspace)
    }

    @Test("decisions resume parked runs on then or else; the notification collects both assets in one document and commits")
    func moderation() async throws {
        let (test, workspace) = try await moderatedWorkspace()
        let queue = try RunService(workspace).moderationQueue()
        #expect(queue.map(\.asset) == ["red-bag", "logo"] && queue.allSatisfy { $0.block == "moderate" })
        let approved = try await RunService(workspace).decide(run: queue[0].run, approve: true)
        let rejected = try await RunService(workspace).decide(run: queue[1].run, approve: false)
        #expect(approved.status == .succeeded && rejected.status == .succeeded)
        let library = try MediaService(workspace).library()
        #expect(try library.asset("red-bag").tags == ["approved", "ugc"])
        #expect(try library.asset("rejected/logo").folder == "rejected")
        #expect(try RunService(workspace).moderationQueue().isEmpty)
        await #expect(throws: WorkspaceError.self) { _ = try await RunService(workspace).decide(run: queue[0].run, approve: false) }

        let overview = try NotificationService(workspace).list(newestFirst: false)
        #expect(overview.total == 2 && overview.flows == 1 && overview.unread == 2)
        let (notification, path) = try workspace.notification(overview.notifications[0].id)
        #expect(notification.assets.map(\.publicId) == ["red-bag"] && notification.title == "Approved uploads")
        let rejectedNotification = try workspace.notification("\(notification.flow)/notify-rejected").notification
        #expect(rejectedNotification.assets.map(\.publicId) == ["logo"] && rejectedNotification.title == "Rejected uploads")
        #expect(try test.subjects().prefix(2) == ["notifications: 1 asset in 1 notification", "notifications: 1 asset in 1 notification"])
        try test.expectCleanAndSound()
        #expect(try path.hasPrefix("notifications/") && WorkspaceService(workspace).validate().filter { $0.severity == .error }.isEmpty)
    }

    @Test("runs adding to one notification at the same moment are written together, and every asset lands once")
    func notificationsAtOnce() async throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let library = try MediaService(workspace).library()
        for index in 0..<12 {
            var options = MediaLibrary.UploadOptions()
            options.publicID = "bag-\(index)"
            _ = try library.upload(file: sample("red-bag.jpg"), options: options)
        }
        let record = try test.writeFlow(
            workspace, name: "Collect",
            blocks: [
                ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["notify"]],
                [
                    "id": "notify", "type": "notification", "name": "Notify",
                    "config": ["asset": "{{trigger.asset.publicId}}", "recipients": ["ops@example.com"], "title": "Bags"],
                ],
            ])
        let runs = try await RunService(workspace).run("collect", search: "bag", parallel: 12)
        #expect(runs.count == 12 && runs.allSatisfy { $0.status == .succeeded }, "\(runs.map(\.error))")
        let notification = try workspace.notification("\(record.flow.id)/notify").notification
        #expect(Set(notification.assets.map(\.publicId)) == Set((0..<12).map { "bag-\($0)" }) && notification.assets.count == 12)
        // Each run's step says how many assets the document held once its own was in: every count from 1 to 12 once
        // when each was written alone, fewer distinct counts when written together, never more than 12.
        let store = try RunStore(path: test.root + "/.sluice/runs/production.sqlite")
        let counts = try runs.compactMap { run in try store.steps(of: run.id).first { $0.blockID == "notify" }?.output?["assets"]?.intValue }
        #expect(counts.count == 12 && counts.allSatisfy { (1...12).contains($0) } && counts.contains(12), "\(counts)")
        #expect(try test.subjects().first == "notifications: 12 assets in 1 notification")
    }

    @Test("viewed and read marks belong to the user; new assets make a read notification unread again")
    func marks() async throws {
        let (test, workspace) = try await moderatedWorkspace()
        for item in try RunService(workspace).moderationQueue() { _ = try await RunService(workspace).decide(run: item.run, approve: true) }
        let id = try NotificationService(workspace).list().notifications[0].id
        #expect(try workspace.notification(id).notification.assets.map(\.publicId) == ["red-bag", "logo"])
        try NotificationService(workspace).markViewed(id, assets: ["red-bag"], all: false)
        #expect(try workspace.notification(id).notification.assets.first { $0.publicId == "red-bag" }?.viewedBy["ana@example.com"] != nil)
        expectWorkspaceError(containing: "no asset in notification") {
            try NotificationService(workspace).markViewed(id, assets: ["nope"], all: false)
        }
        try NotificationService(workspace).markRead(id)
        #expect(try NotificationService(workspace).list(unreadOnly: true).notifications.isEmpty)
        let bob = try test.open(with: ["SLUICE_USER": "bob@example.com"])
        #expect(try NotificationService(bob).list().unread == 1)

        var options = MediaLibrary.UploadOptions()
        options.tags = ["ugc"]
        _ = try await RunService(workspace).upload(files: [sample("sunset.jpg")], options: options)
        for item in try RunService(workspace).moderationQueue() { _ = try await RunService(workspace).decide(run: item.run, approve: true) }
        #expect(try NotificationService(workspace).list().unread == 1)
        try test.expectCleanAndSound()
    }

    @Test("usage counts touchpoints in billing cycles that start on the manifest's day, and flows in every environment")
    func usage() async throws {
        let (test, workspace) = try await moderatedWorkspace()
        defer { withExtendedLifetime(test) {} }
        try EnvironmentService(workspace).create("staging", from: nil)
        let report = try UsageService(workspace).report(.current)
        #expect(report.touchpoints == 2 && report.flows.map(\.flowName) == ["Review"] && report.flows[0].environment == "production")
        #expect(report.flowsByEnvironment == ["production": 1, "staging": 1] && report.totalFlows == 2)
        #expect(try UsageService(workspace).report(.previous).touchpoints == 0)

        let day = Calendar(identifier: .gregorian)
        let june = try #require(day.date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: 2026, month: 6, day: 10)))
        let cycle = try UsageService(workspace).report(.month(year: 2026, month: 6), now: june)
        #expect(cycle.from == "2026-06-01" && cycle.to == "2026-07-01" && cycle.touchpoints == 0)
        #expect(try UsageService(workspace).report(.range(from: Date().addingTimeInterval(-86_400), to: Date())).touchpoints == 2)
        expectWorkspaceError(containing: "--from must not be after --to") {
            _ = try UsageService(workspace).report(.range(from: Date(), to: Date().addingTimeInterval(-3 * 86_400)))
        }
    }
}
