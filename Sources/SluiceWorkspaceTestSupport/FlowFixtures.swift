import Foundation
import SluiceJSON
import SluiceTestSupport
import SluiceWorkspace
import Synchronization

/// A clock a test moves by hand (the scheduler and the runs of a service read it).
public final class FakeClock: Sendable {
    private let time: Mutex<Date>

    public init(_ start: Date) { time = Mutex(start) }

    public var now: Date { time.withLock { $0 } }

    public func set(_ date: Date) { time.withLock { $0 = date } }

    public func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

extension TestWorkspace {
    /// Writes an enabled power flow named `name` whose blocks are `blocks` (by hand, uncommitted), and returns its record.
    @discardableResult
    public func writeFlow(_ context: WorkspaceContext, name: String, blocks: JSONValue) throws -> FlowRecord {
        let record = try FlowService(context).create(name: name, type: .power)
        var flow = try JSONParser.parse(try read(record.path))
        try flow.set(true, at: "/enabled")
        try flow.set(blocks, at: "/blocks")
        try write(record.path, flow.canonicalText())
        return record
    }
}

extension TestWorkspace {
    /// Writes an enabled flow "Review": a manual trigger, then a Manual Moderation of the run's asset.
    public func writeModerationFlow(_ context: WorkspaceContext) throws {
        try writeFlow(
            context, name: "Review",
            blocks: [
                ["id": "go", "type": "manual", "name": "Go", "config": [:], "next": ["review"]],
                ["id": "review", "type": "manual-moderation", "name": "Review", "config": ["asset": "{{trigger.asset.publicId}}"]],
            ])
    }

    /// Makes a run look like its process died (a kill -9): its recorded owner becomes a pid no process has. Python's
    /// sqlite3 writes it, as a second process would.
    public func orphanRun(_ runID: String, environment name: String = "production") throws {
        let database = root + "/.sluice/runs/\(name).sqlite"
        let script =
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE run SET owner=? WHERE id=?', ('2147483647', sys.argv[2])); c.commit()"
        let result = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, database, runID])
        guard result.status == 0 else { throw OrphanError(description: "cannot orphan \(runID): \(result.stderr)") }
    }
}

/// Why ``TestWorkspace/orphanRun(_:environment:)`` failed.
public struct OrphanError: Error, CustomStringConvertible {
    public var description: String
}
