import Foundation

/// An exclusive `flock` on a file: serializes processes (and tasks in one process, each with its own acquisition).
///
/// The kernel drops the lock when its holder dies, so a lock left by a killed process is stale by construction: the
/// next process takes it, and reports the dead holder it replaced. Each acquisition opens the file anew, so two
/// acquisitions in one process exclude each other too.
public final class FileLock {
    private let fd: Int32
    /// The pid recorded by a holder that died without releasing, if this acquisition replaced one.
    public let clearedStaleHolder: Int32?

    /// Waits up to `timeout` seconds for the lock at `path`.
    public init(path: String, timeout: Double) throws(FileLockError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw .unusable(FileError(path: path, reason: "cannot create its folder"))
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unusable(FileError(path: path, reason: String(cString: strerror(errno)))) }
        let deadline = Date().addingTimeInterval(timeout)
        // A lock held for a moment (a notification written) is taken soon after; one held long (a commit, a sync) is
        // polled at most 50 times a second.
        var pause: useconds_t = 500
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let holder = FileLock.recordedHolder(fd)
                close(fd)
                throw .held(path: path, pid: holder)
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        self.fd = fd
        let previous = FileLock.recordedHolder(fd)
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

/// Why a ``FileLock`` was not taken.
public enum FileLockError: Error, Sendable, CustomStringConvertible {
    /// Another holder kept it past the timeout (its pid, when it recorded one).
    case held(path: String, pid: Int32?)
    /// The lock file cannot be created or opened.
    case unusable(FileError)

    public var description: String {
        switch self {
        case .held(let path, let pid): "locked by \(pid.map { "pid \($0)" } ?? "another process") (\(path)); try again when it finishes"
        case .unusable(let error): "\(error)"
        }
    }
}
