import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

/// What a schedule does with the times it missed while no server ran.
public enum CatchUp: String, Sendable, CaseIterable {
    /// Missed times do not run.
    case skip
    /// One run, for the latest missed time (the default).
    case once
    /// One run for each missed time, oldest first.
    case each
}

/// One pass of the scheduler: the runs it recorded, and the flows whose schedule cannot run.
public struct ScheduleTick: Sendable {
    public var runs: [AcceptedRun] = []
    /// Each unschedulable flow with why, in one line.
    public var problems: [String] = []
}

extension RunService {
    /// How late a time may be noticed and still run under `catchUp: skip`.
    public static let scheduleGrace: TimeInterval = 60
    /// The most runs one flow's catching up records in one pass (`catchUp: each`); the rest come in the next passes.
    static let catchUpBatch = 100

    /// Records a run for each time an enabled flow's Scheduler (or On Scheduled Search: one run per asset found)
    /// trigger fired since the scheduler last looked, up to now, as the flow's `catchUp` says; the runs are then
    /// ``AcceptedRun/complete()``d by the caller. A flow seen for the first time starts from now. A run's id derives
    /// from the flow and the time (and the asset), so a time is never run twice, whatever crashes or second servers do.
    public func fireSchedules() throws(WorkspaceError) -> ScheduleTick {
        let now = clock()
        let snapshot = try context.snapshot()
        let all = snapshot.facts(of: [.flow]).filter { [BlockTypeID.schedule, BlockTypeID.scheduledSearch].contains($0.flow?.trigger) }
        let scheduled = all.filter { $0.flow?.enabled == true }
        var tick = ScheduleTick()
        guard !all.isEmpty else { return tick }
        let store = try Self.store(context, environment: try snapshot.currentEnvironment())
        var marks: [String: Date] = [:]
        // A disabled flow's times are not missed: its mark follows the clock, so enabling it runs nothing from before.
        for facts in all where facts.flow?.enabled == false {
            guard let id = facts.id else { continue }
            let mark = try Self.read(store) { try $0.scheduleMark(id) }
            if mark.map({ now.timeIntervalSince($0) >= Self.scheduleGrace }) ?? true { marks[id] = now }
        }
        for facts in scheduled {
            let name = facts.name ?? facts.path
            do throws(WorkspaceError) {
                let preparation = try prepare(from: snapshot)
                let record = try snapshot.flow(facts.id ?? facts.path)
                let flow = try preparation.runnable(record)
                guard let trigger = flow.trigger else { continue }
                let schedule = try Self.schedule(of: trigger)
                guard let mark = try Self.read(store, { try $0.scheduleMark(flow.id) }) else {
                    marks[flow.id] = now
                    continue
                }
                let (times, lookedUpTo) = Self.due(schedule, after: mark, now: now)
                var runs: [AcceptedRun] = []
                for time in times { runs += try fire(flow, record, trigger: trigger, at: time, now: now, preparation: preparation) }
                tick.runs += runs
                // The mark moves when something fired, and otherwise once a minute (a write per flow per pass would
                // cost more than it tells): run ids, not the mark, keep a time from running twice.
                if !times.isEmpty || lookedUpTo.timeIntervalSince(mark) >= Self.scheduleGrace { marks[flow.id] = lookedUpTo }
            } catch {
                tick.problems.append("\(name): \(error.description)")
            }
        }
        try Self.read(store) { try $0.markSchedules(marks) }
        return tick
    }

    /// A schedule trigger's settings, checked.
    struct Schedule {
        var cron: CronExpression
        var zone: TimeZone
        var catchUp: CatchUp
    }

    static func schedule(of trigger: Block) throws(WorkspaceError) -> Schedule {
        let config = trigger.config
        let cron: CronExpression
        do { cron = try CronExpression(config["cron"]?.stringValue ?? "") } catch {
            throw .invalidInput("config/cron: \(error)")
        }
        let zoneName = config["timezone"]?.stringValue ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else { throw .invalidInput("config/timezone: \"\(zoneName)\" is not an IANA time zone") }
        let catchUpName = config["catchUp"]?.stringValue ?? CatchUp.once.rawValue
        guard let catchUp = CatchUp(rawValue: catchUpName) else { throw .invalidInput("config/catchUp must be skip, once or each") }
        return Schedule(cron: cron, zone: zone, catchUp: catchUp)
    }

    /// The times to run now, of those after `mark` up to `now`, and the time up to which they were looked at.
    static func due(_ schedule: Schedule, after mark: Date, now: Date) -> (times: [Date], lookedUpTo: Date) {
        switch schedule.catchUp {
        case .skip:
            let start = max(mark, now.addingTimeInterval(-scheduleGrace - 0.001))
            return (schedule.cron.occurrences(after: start, through: now, in: schedule.zone, limit: catchUpBatch).suffix(1), now)
        case .once:
            // The latest time only: look back a day, a month, a year, then as far as the mark (a schedule that fires
            // more than 2,000 times in a window fires within the window before it).
            for days in [1.0, 32, 400, 11_000] {
                let start = max(mark, now.addingTimeInterval(-days * 86_400))
                if let last = schedule.cron.occurrences(after: start, through: now, in: schedule.zone, limit: 2_000).last {
                    return ([last], now)
                }
                if start == mark { break }
            }
            return ([], now)
        case .each:
            let times = schedule.cron.occurrences(after: mark, through: now, in: schedule.zone, limit: catchUpBatch)
            return (times, times.count == catchUpBatch ? times.last ?? now : now)
        }
    }

    /// Records the runs one time of a schedule starts: one, or one per asset an On Scheduled Search finds.
    private func fire(
        _ flow: RunnableFlow, _ record: FlowRecord, trigger: Block, at time: Date, now: Date, preparation: RunPreparation
    ) throws(WorkspaceError) -> [AcceptedRun] {
        let runner = try preparation.runner(for: [flow])
        let format = Date.ISO8601FormatStyle()
        let data: JSONValue = ["scheduledAt": .string(time.formatted(format)), "firedAt": .string(now.formatted(format))]
        var targets: [Asset?] = [nil]
        if trigger.type == BlockTypeID.scheduledSearch {
            let library = try preparation.library()
            let expression = trigger.config["expression"]?.stringValue ?? ""
            let limit = trigger.config["maxResults"]?.intValue ?? 100
            targets = try lift { try library.search(expression, limit: limit) }
        }
        var accepted: [AcceptedRun] = []
        for asset in targets {
            let key = [flow.id, "schedule", asset?.publicID].compactMap { $0 }.joined(separator: "\u{0}")
            let id = FlowRunner.runID(at: time, key: key)
            guard try Self.read(runner.store, { try $0.run(id) }) == nil else { continue }
            var trigger: JSONObject = ["data": data]
            if let asset { trigger["asset"] = asset.jsonValue }
            let inputs = try preparation.inputs(
                record, trigger: .object(trigger), triggerType: flow.trigger?.type ?? BlockTypeID.schedule,
                touchpoints: asset.map { [$0.publicID] } ?? [])
            do {
                let run = try runner.begin(flow, inputs, id: id)
                accepted.append(
                    AcceptedRun(run: run, duplicate: false, begun: true, runner: runner, flow: flow, inputs: inputs, preparation: preparation))
            } catch {
                // A second server recorded the same time first: it runs it.
                if (try? runner.store.run(id)) != nil { continue }
                throw WorkspaceError(error)
            }
        }
        return accepted
    }
}
