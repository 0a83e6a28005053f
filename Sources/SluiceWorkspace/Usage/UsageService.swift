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

    /// The period `--cycle` names: `current`, `previous` or `YYYY-MM`.
    public init(cycle text: String) throws(WorkspaceError) {
        switch text {
        case "current": self = .current
        case "previous": self = .previous
        default:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let year = parts[0], let month = parts[1], (1...12).contains(month) else {
                throw .invalidInput("--cycle is current, previous or YYYY-MM, got \"\(text)\"")
            }
            self = .month(year: year, month: month)
        }
    }

    /// The days `--from` and `--to` name (`YYYY-MM-DD`), both included.
    public init(from: String, to: String) throws(WorkspaceError) {
        let format = Date.ISO8601FormatStyle().year().month().day()
        guard let start = try? format.parse(from), let end = try? format.parse(to) else {
            throw .invalidInput("dates are YYYY-MM-DD, got \"\(from)\" and \"\(to)\"")
        }
        self = .range(from: start, to: end)
    }
}

/// The usage report: touchpoints per flow and the number of flows across environments.
public struct UsageService: Sendable {
    let context: WorkspaceContext

    /// Usage of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// Touchpoints per flow for a billing cycle (cycles start on the manifest's billing day, UTC) or a date range, from
    /// the run records of every environment run on this machine, and the number of flows across all environments.
    public func report(_ period: UsagePeriod, now: Date = Date()) throws(WorkspaceError) -> UsageReport {
        let snapshot = try context.snapshot()
        let day = try snapshot.manifest().billingCycleDay
        let (start, end, label) = try Self.bounds(of: period, billingDay: day, now: now)
        var flows: [UsageReport.FlowUsage] = []
        let runsFolder = context.localStatePath("runs")
        let stores = ((try? FileManager.default.contentsOfDirectory(atPath: runsFolder)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
        for file in stores {
            let environment = String(file.dropLast(".sqlite".count))
            let store = try RunService.store(context, environment: environment)
            let names = try RunService.read(store) { try $0.flowNames() }
            for (flowID, count) in try RunService.read(store, { try $0.touchpoints(from: start, to: end) }) {
                flows.append(.init(environment: environment, flowID: flowID, flowName: names[flowID] ?? flowID, touchpoints: count))
            }
        }
        flows.sort { ($0.touchpoints, $1.flowName) > ($1.touchpoints, $0.flowName) }
        let counts = try Self.flowsByEnvironment(snapshot.repository)
        let format = Date.ISO8601FormatStyle().year().month().day()
        return UsageReport(
            from: start.formatted(format), to: end.formatted(format), cycle: label, billingCycleDay: day,
            touchpoints: flows.map(\.touchpoints).reduce(0, +), flows: flows, totalFlows: counts.values.reduce(0, +), flowsByEnvironment: counts)
    }

    /// The first day (inclusive), the end (exclusive) and the label of a period.
    static func bounds(of period: UsagePeriod, billingDay day: Int, now: Date) throws(WorkspaceError) -> (Date, Date, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        func cycleStart(year: Int, month: Int) -> Date? { calendar.date(from: DateComponents(year: year, month: month, day: day)) }
        switch period {
        case .range(let from, let to):
            guard let after = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: to)), from < after else {
                throw .invalidInput("--from must not be after --to")
            }
            return (calendar.startOfDay(for: from), after, "custom")
        case .month(let year, let month):
            guard let begin = cycleStart(year: year, month: month), let next = calendar.date(byAdding: .month, value: 1, to: begin) else {
                throw .invalidInput("no cycle starts in \(year)-\(month)")
            }
            return (begin, next, String(format: "%04d-%02d", year, month))
        case .current, .previous:
            let today = calendar.dateComponents([.year, .month, .day], from: now)
            guard var begin = cycleStart(year: today.year ?? 1970, month: today.month ?? 1) else { throw .other("cannot compute the billing cycle") }
            if begin > now { begin = calendar.date(byAdding: .month, value: -1, to: begin) ?? begin }
            if period == .previous { begin = calendar.date(byAdding: .month, value: -1, to: begin) ?? begin }
            return (begin, calendar.date(byAdding: .month, value: 1, to: begin) ?? begin, period == .current ? "current" : "previous")
        }
    }

    /// Flow folders in each environment branch: local branches, then remote-tracking ones for environments not here.
    static func flowsByEnvironment(_ repository: Repository) throws(WorkspaceError) -> [String: Int] {
        try lift {
            var counts: [String: Int] = [:]
            let local = try repository.branches().map { ($0, "refs/heads/\($0)") }
            let remote = try repository.remoteTrackingBranches().compactMap { name -> (String, String)? in
                guard let slash = name.firstIndex(of: "/") else { return nil }
                let environment = String(name[name.index(after: slash)...])
                return environment == "HEAD" ? nil : (environment, "refs/remotes/\(name)")
            }
            for (environment, reference) in local + remote where counts[environment] == nil {
                guard let commit = try repository.resolveReference(reference) else { continue }
                let flowsTree = try repository.treeEntries(repository.commit(commit).tree, recursive: false).first {
                    $0.name == WorkspaceLayout.flowsFolder && $0.kind == .tree
                }
                counts[environment] = try flowsTree.map { try repository.treeEntries($0.id, recursive: false).filter { $0.kind == .tree }.count } ?? 0
            }
            return counts
        }
    }
}
