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
        database = try DatabaseQueue.local(path: path, migrator: migrator)
    }

    /// Records a new run, and the assets it counts as touchpoints, in one transaction.
    public func insert(_ run: RunRecord, touching assets: [String] = []) throws {
        try database.write { db in
            for asset in assets {
                try db.cachedExecute(
                    sql: "INSERT OR IGNORE INTO touchpoint (run_id, flow_id, asset, at) VALUES (?, ?, ?, ?)",
                    arguments: [run.id, run.flowID, asset, run.startedAt.timeIntervalSince1970])
            }
            try db.cachedExecute(
                sql: """
                    INSERT INTO run (id, flow_id, flow_name, flow_path, trigger_type, trigger, status, started_at, finished_at, failed_block, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id, run.flowID, run.flowName, run.flowPath, run.triggerType, run.trigger.compactText(), run.status.rawValue,
                    run.startedAt.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970, run.failedBlock, run.error,
                ])
        }
    }

    /// Sets a run's status (and, when it ended, its end time and failure).
    public func finish(_ runID: String, status: RunStatus, at time: Date?, failedBlock: String? = nil, error: String? = nil) throws {
        try database.write { db in
            try db.cachedExecute(
                sql: "UPDATE run SET status = ?, finished_at = ?, failed_block = ?, error = ? WHERE id = ?",
                arguments: [status.rawValue, time?.timeIntervalSince1970, failedBlock, error, runID])
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
            failedBlock: row["failed_block"], error: row["error"])
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
