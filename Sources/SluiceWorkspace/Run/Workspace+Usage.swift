import Foundation
import SluiceDocuments
import SluiceGit
import SluiceRunner

/// The usage report (MEDIAFLOWS.md "Usage report").
public struct UsageReport: Codable, Sendable {
    /// One flow's touchpoints in the period.
    public struct FlowUsage: Codable, Sendable {
        public var environment: String
        public var flowID: String
        public var flowName: String
        public var touchpoints: Int
    }

    /// The period: from (inclusive) to (exclusive), ISO 8601 dates.
    public var from: String
    public var to: String
    /// `current`, `previous`, `2026-05` or `custom`.
    public var cycle: String
    public var billingCycleDay: Int
    public var touchpoints: Int
    public var flows: [FlowUsage]
    /// Flows in every product environment (each local and remote-tracking environment branch, each name once).
    public var totalFlows: Int
    public var flowsByEnvironment: [String: Int]
}

/// Which period `sluice usage` covers.
public enum UsagePeriod: Sendable, Equatable {
    case current, previous
    /// The cycle that starts in this month (`YYYY-MM`).
    case month(year: Int, month: Int)
    /// Whole days, `to` included.
    case range(from: Date, to: Date)
}

extension Workspace {
    /// Touchpoints per flow for a billing cycle (cycles start on the manifest's billing day, UTC) or a date range, from
    /// the run records of every environment run on this machine, and the number of flows across all environments.
    public func usage(_ period: UsagePeriod, now: Date = Date()) throws -> UsageReport {
        let day = try manifest().billingCycleDay
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        func cycleStart(year: Int, month: Int) -> Date? { calendar.date(from: DateComponents(year: year, month: month, day: day)) }
        let (start, end, label): (Date, Date, String)
        switch period {
        case .range(let from, let to):
            guard let after = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: to)), from < after else {
                throw WorkspaceError.invalidInput("--from must not be after --to")
            }
            (start, end, label) = (calendar.startOfDay(for: from), after, "custom")
        case .month(let year, let month):
            guard let begin = cycleStart(year: year, month: month), let next = calendar.date(byAdding: .month, value: 1, to: begin) else {
                throw WorkspaceError.invalidInput("no cycle starts in \(year)-\(month)")
            }
            (start, end, label) = (begin, next, String(format: "%04d-%02d", year, month))
        case .current, .previous:
            let today = calendar.dateComponents([.year, .month, .day], from: now)
            guard var begin = cycleStart(year: today.year ?? 1970, month: today.month ?? 1) else {
                throw WorkspaceError.refused("cannot compute the cycle")
            }
            if begin > now { begin = calendar.date(byAdding: .month, value: -1, to: begin) ?? begin }
            if period == .previous { begin = calendar.date(byAdding: .month, value: -1, to: begin) ?? begin }
            (start, end, label) = (begin, calendar.date(byAdding: .month, value: 1, to: begin) ?? begin, period == .current ? "current" : "previous")
        }

        var flows: [UsageReport.FlowUsage] = []
        let runsFolder = absolute(WorkspaceLayout.localStateFolder + "/runs")
        let stores = ((try? FileManager.default.contentsOfDirectory(atPath: runsFolder)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
        for file in stores {
            let environment = String(file.dropLast(".sqlite".count))
            let store: RunStore
            do { store = try RunStore(path: runsFolder + "/" + file) } catch {
                throw WorkspaceError.refused("cannot read \(runsFolder)/\(file): \(error)")
            }
            let names = try store.flowNames()
            for (flowID, count) in try store.touchpoints(from: start, to: end) {
                flows.append(.init(environment: environment, flowID: flowID, flowName: names[flowID] ?? flowID, touchpoints: count))
            }
        }
        flows.sort { ($0.touchpoints, $1.flowName) > ($1.touchpoints, $0.flowName) }
        let counts = try flowsByEnvironment()
        let format = Date.ISO8601FormatStyle().year().month().day()
        return UsageReport(
            from: start.formatted(format), to: end.formatted(format), cycle: label, billingCycleDay: day,
            touchpoints: flows.map(\.touchpoints).reduce(0, +), flows: flows, totalFlows: counts.values.reduce(0, +), flowsByEnvironment: counts)
    }

    /// Flow folders in each environment branch: local branches, then remote-tracking ones for environments not here.
    func flowsByEnvironment() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let local = try gitCall { try repository.branches() }.map { ($0, "refs/heads/\($0)") }
        let remote = try gitCall { try repository.remoteTrackingBranches() }.compactMap { name -> (String, String)? in
            guard let slash = name.firstIndex(of: "/") else { return nil }
            let environment = String(name[name.index(after: slash)...])
            return environment == "HEAD" ? nil : (environment, "refs/remotes/\(name)")
        }
        for (environment, reference) in local + remote where counts[environment] == nil {
            guard let commit = try gitCall({ try repository.resolveReference(reference) }) else { continue }
            let tree = try gitCall { try repository.commit(commit).tree }
            let flowsTree = try gitCall { try repository.treeEntries(tree, recursive: false) }.first {
                $0.name == WorkspaceLayout.flowsFolder && $0.kind == .tree
            }
            counts[environment] =
                try flowsTree.map { entry in try gitCall { try repository.treeEntries(entry.id, recursive: false) }.filter { $0.kind == .tree }.count
                } ?? 0
        }
        return counts
    }
}
