import Foundation

/// Serializes `sluice` processes on one workspace with an exclusive `flock` on `.sluice/lock`.
///
/// The kernel drops the lock when its holder dies, so a lock left by a killed process is stale by
/// construction: the next process takes it, and reports the dead holder it replaced.
public final class WorkspaceLock {
    private let fd: Int32
    /// The pid recorded by a holder that died without releasing, if this acquisition replaced one.
    public let clearedStaleHolder: Int32?

    /// Waits up to `timeout` seconds for the lock at `path`.
    public init(path: String, timeout: Double) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WorkspaceError.io(path: path, reason: String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let holder = WorkspaceLock.recordedHolder(fd).map { "pid \($0)" } ?? "another process"
                close(fd)
                throw WorkspaceError.locked(path: path, holder: holder)
            }
            usleep(20_000)
        }
        self.fd = fd
        let previous = WorkspaceLock.recordedHolder(fd)
        clearedStaleHolder = previous.flatMap { $0 != getpid() && kill($0, 0) != 0 && errno == ESRCH ? $0 : nil }
        let record = Array("\(getpid())\n".utf8)
        ftruncate(fd, 0)
        _ = record.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func recordedHolder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
