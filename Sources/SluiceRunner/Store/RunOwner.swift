import Foundation

/// The process running a run, as the run store records it: its pid and, on Linux, the time it started (so a pid the
/// system handed to another process since is not taken for it). A run whose owner is gone was stopped by a crash or a
/// kill, and may be resumed; one whose owner lives is being run, and is left alone.
public struct RunOwner: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    /// The process's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22); nil where unknown.
    public var started: UInt64?

    public init(pid: Int32, started: UInt64?) {
        self.pid = pid
        self.started = started
    }

    /// This process.
    public static let current = RunOwner(pid: getpid(), started: startTime(of: getpid()))

    /// `pid` or `pid/start`, as stored.
    public var description: String { started.map { "\(pid)/\($0)" } ?? "\(pid)" }

    /// The owner a stored text names; nil for text that names none.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard let first = parts.first, let pid = Int32(first), pid > 0 else { return nil }
        self.pid = pid
        started = parts.count > 1 ? UInt64(parts[1]) : nil
    }

    /// Whether the process still runs (the same process: same pid, same start time when known).
    public var isAlive: Bool {
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        guard let started, let now = Self.startTime(of: pid) else { return true }
        return now == started
    }

    /// Field 22 of `/proc/<pid>/stat` (after the command name, which may hold spaces and parentheses).
    static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so field 22 is at index 19.
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }
}
