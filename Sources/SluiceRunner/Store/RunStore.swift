import Foundation
import GRDB
import SluiceJSON
import SluiceMedia

/// Runs, their steps and the touchpoints they count, in SQLite (`.sluice/runs/<environment>.sqlite`). A step is
/// written as soon as its block finishes, so a run stopped by a crash resumes without repeating finished blocks.
public final class RunStore: @unchecked Sendable {
    // Safe to share: GRDB's queue serializes every access.
    let database: DatabaseQueue

    /// Opens (or creates) the store at `path`.
    public init(path: String) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id TEXT PRIMARY KEY NOT NULL, flow_id TEXT NOT NULL, flow_name TEXT NOT NULL, flow_path TEXT NOT NULL,
                        trigger_type TEXT NOT NULL, trigger TEXT NOT NULL, status TEXT NOT NULL,
                        started_at REAL NOT NULL, finished_at REAL, failed_block TEXT, error TEXT);
                    CREATE INDEX run_by_flow ON run(flow_id, started_at);
                    CREATE INDEX run_by_status ON run(status);
                    CREATE TABLE step (
                        run_id TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE, scope TEXT NOT NULL, block_id TEXT NOT NULL,
                        block_type TEXT NOT NULL, status TEXT NOT NULL, ports TEXT NOT NULL, inputs TEXT, output TEXT, error TEXT,
                        attempts INTEGER NOT NULL, started_at REAL NOT NULL, finished_at REAL, sequence INTEGER NOT NULL,
                        PRIMARY KEY (run_id, scope, block_id)) WITHOUT ROWID;
                    CREATE TABLE touchpoint (
                        run_id TEXT NOT NULL, flow_id TEXT NOT NULL, asset TEXT NOT NULL, at REAL NOT NULL,
                        PRIMARY KEY (run_id, asset)) WITHOUT ROWID;
                    CREATE INDEX touchpoint_by_time ON touchpoint(at);
                    """)
        }
        // Parked Delays wake at a time; a run names the process running it, so a second process resumes only what a
        // crash stopped; schedules remember the last time they fired.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN wake_at REAL;
                    ALTER TABLE run ADD COLUMN owner TEXT;
                    CREATE INDEX run_by_wake ON run(wake_at) WHERE wake_at IS NOT NULL;
                    CREATE TABLE schedule (flow_id TEXT PRIMARY KEY NOT NULL, last_fire REAL NOT NULL) WITHOUT ROWID;
                    """)
        }
        database = try DatabaseQueue.local(path: path, migrator: migrator)
    }

    /// Whether `error` is an insert of a run whose id is recorded already (another process started it first).
    public static func isDuplicateRun(_ error: any Error) -> Bool {
        guard let code = (error as? DatabaseError)?.extendedResultCode else { return false }
        return code == .SQLITE_CONSTRAINT_PRIMARYKEY || code == .SQLITE_CONSTRAINT_UNIQUE
    }

    /// Records a new run, run by `owner`, and the assets it counts as touchpoints, in one transaction.
    public func insert(_ run: RunRecord, touching assets: [String] = [], owner: RunOwner = .current) throws {
        try database.write { db in
            for asset in assets {
                try db.cachedExecute(
                    sql: "INSERT OR IGNORE INTO touchpoint (run_id, flow_id, asset, at) VALUES (?, ?, ?, ?)",
                    arguments: [run.id, run.flowID, asset, run.startedAt.timeIntervalSince1970])
            }
            try db.cachedExecute(
                sql: """
                    INSERT INTO run (id, flow_id, flow_name, flow_path, trigger_type, trigger, status, started_at, finished_at, failed_block, error, owner)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id, run.flowID, run.flowName, run.flowPath, run.triggerType, run.trigger.compactText(), run.status.rawValue,
                    run.startedAt.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970, run.failedBlock, run.error,
                    owner.description,
                ])
        }
    }

    /// Sets a run's status (and, when it ended, its end time and failure; when it parked on a Delay, its wake time).
    public func finish(
        _ runID: String, status: RunStatus, at time: Date?, failedBlock: String? = nil, error: String? = nil, wakeAt: Date? = nil
    ) throws {
        try database.write { db in
            try db.cachedExecute(
                sql: "UPDATE run SET status = ?, finished_at = ?, failed_block = ?, error = ?, wake_at = ? WHERE id = ?",
                arguments: [status.rawValue, time?.timeIntervalSince1970, failedBlock, error, wakeAt?.timeIntervalSince1970, runID])
        }
    }

    /// Which runs a process may take over to run on.
    public enum Claim: Sendable {
        /// A parked run (for a moderation decision).
        case parked
        /// A run parked on a Delay whose wake time is at or before the time given.
        case due(Date)
        /// A run left running by a process that is gone (a crash, a kill).
        case stopped
    }

    /// A moderation decision on a parked block, recorded with the claim so that it survives a crash before the run
    /// goes on.
    public struct Decision: Sendable {
        public var scope: String
        public var block: String
        public var approved: Bool

        public init(scope: String, block: String, approved: Bool) {
            self.scope = scope
            self.block = block
            self.approved = approved
        }
    }

    /// Takes over a run as `claim` allows, atomically across processes: marks it running, owned by this process (with
    /// `decision` written into its parked step), and returns it; nil when it is not (or no longer) in that state, so
    /// two processes never run the same run on.
    public func claim(_ runID: String, _ claim: Claim, decision: Decision? = nil) throws -> RunRecord? {
        try database.writeWithoutTransaction { db in
            var claimed: RunRecord?
            try db.inTransaction(.immediate) {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [runID]) else { return .commit }
                var run = Self.run(row)
                let owner = (row["owner"] as String?).flatMap(RunOwner.init)
                let allowed =
                    switch claim {
                    case .parked: run.status == .waiting
                    case .due(let time): run.status == .waiting && run.wakeAt.map { $0 <= time } == true
                    case .stopped: run.status == .running && owner?.isAlive != true
                    }
                guard allowed else { return .commit }
                if let decision {
                    try db.cachedExecute(
                        sql: "UPDATE step SET output = ? WHERE run_id = ? AND scope = ? AND block_id = ? AND status = 'waiting'",
                        arguments: [
                            (["decision": .string(decision.approved ? "approved" : "rejected")] as JSONValue).compactText(), runID,
                            decision.scope, decision.block,
                        ])
                }
                try db.cachedExecute(
                    sql: "UPDATE run SET status = 'running', wake_at = NULL, owner = ? WHERE id = ?",
                    arguments: [RunOwner.current.description, runID])
                run.status = .running
                run.wakeAt = nil
                claimed = run
                return .commit
            }
            return claimed
        }
    }

    /// The ids of runs parked on a Delay whose wake time is at or before `time`, soonest first.
    public func dueRuns(at time: Date) throws -> [String] {
        try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM run WHERE wake_at IS NOT NULL AND wake_at <= ? AND status = 'waiting' ORDER BY wake_at",
                arguments: [time.timeIntervalSince1970])
        }
    }

    /// The last time a flow's schedule fired, as recorded by ``markSchedules(_:)``.
    public func scheduleMark(_ flowID: String) throws -> Date? {
        try database.read { db in
            try Double.fetchOne(db, sql: "SELECT last_fire FROM schedule WHERE flow_id = ?", arguments: [flowID])
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Records, in one transaction, the time up to which each flow's schedule has fired (or was first seen).
    public func markSchedules(_ marks: [String: Date]) throws {
        guard !marks.isEmpty else { return }
        try database.write { db in
            for (flowID, time) in marks {
                try db.cachedExecute(
                    sql: "INSERT OR REPLACE INTO schedule (flow_id, last_fire) VALUES (?, ?)", arguments: [flowID, time.timeIntervalSince1970])
            }
        }
    }

    /// Saves a step (replacing an earlier state of the same block in the same scope).
    public func save(_ step: StepRecord) throws {
        try database.write { db in
            try db.cachedExecute(
                sql: """
                    INSERT OR REPLACE INTO step (run_id, scope, block_id, block_type, status, ports, inputs, output, error, attempts, started_at, finished_at, sequence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    step.runID, step.scope, step.blockID, step.blockType, step.status.rawValue, step.ports.joined(separator: ","),
                    step.inputs?.compactText(), step.output?.compactText(), step.error, step.attempts, step.startedAt.timeIntervalSince1970,
                    step.finishedAt?.timeIntervalSince1970, step.sequence,
                ])
        }
    }

    /// Counts an asset as a touchpoint of a run, once per run whatever reruns or resumes happen.
    public func touch(runID: String, flowID: String, asset: String, at time: Date) throws {
        try database.write { db in
            try db.cachedExecute(
                sql: "INSERT OR IGNORE INTO touchpoint (run_id, flow_id, asset, at) VALUES (?, ?, ?, ?)",
                arguments: [runID, flowID, asset, time.timeIntervalSince1970])
        }
    }

    /// One run.
    public func run(_ id: String) throws -> RunRecord? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.run) }
    }

    /// Runs, newest first, optionally of one flow and in one status.
    public func runs(flowID: String? = nil, status: RunStatus? = nil, limit: Int? = nil) throws -> [RunRecord] {
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible?] = []
        if let flowID {
            conditions.append("flow_id = ?")
            arguments.append(flowID)
        }
        if let status {
            conditions.append("status = ?")
            arguments.append(status.rawValue)
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM run\(filter) ORDER BY started_at DESC, id DESC" + (limit.map { " LIMIT \($0)" } ?? "")
        return try database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0?.databaseValue ?? .null })).map(Self.run)
        }
    }

    /// The steps of a run in the order they finished.
    public func steps(of runID: String) throws -> [StepRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM step WHERE run_id = ? ORDER BY sequence", arguments: [runID]).map(Self.step)
        }
    }

    /// Touchpoints per flow id between two times.
    public func touchpoints(from start: Date, to end: Date) throws -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT flow_id, COUNT(*) AS n FROM touchpoint WHERE at >= ? AND at < ? GROUP BY flow_id",
                arguments: [start.timeIntervalSince1970, end.timeIntervalSince1970])
            for row in rows { counts[row["flow_id"]] = row["n"] }
            return counts
        }
    }

    /// The name each flow had in its latest run, by flow id.
    public func flowNames() throws -> [String: String] {
        try database.read { db in
            var names: [String: String] = [:]
            let sql = "SELECT flow_id, flow_name FROM run r WHERE started_at = (SELECT MAX(started_at) FROM run WHERE flow_id = r.flow_id)"
            for row in try Row.fetchAll(db, sql: sql) { names[row["flow_id"]] = row["flow_name"] }
            return names
        }
    }

    private static func run(_ row: Row) -> RunRecord {
        RunRecord(
            id: row["id"], flowID: row["flow_id"], flowName: row["flow_name"], flowPath: row["flow_path"], triggerType: row["trigger_type"],
            trigger: json(row["trigger"]) ?? .null, status: RunStatus(rawValue: row["status"]) ?? .failed,
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            failedBlock: row["failed_block"], error: row["error"],
            wakeAt: (row["wake_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    private static func step(_ row: Row) -> StepRecord {
        let ports: String = row["ports"]
        return StepRecord(
            runID: row["run_id"], scope: row["scope"], blockID: row["block_id"], blockType: row["block_type"],
            status: StepStatus(rawValue: row["status"]) ?? .failed, ports: ports.split(separator: ",").map(String.init),
            inputs: json(row["inputs"]), output: json(row["output"]), error: row["error"], attempts: row["attempts"],
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            sequence: row["sequence"])
    }

    private static func json(_ text: String?) -> JSONValue? { text.flatMap { try? JSONParser.parse($0) } }
}
