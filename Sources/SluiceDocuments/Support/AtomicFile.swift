import Foundation

/// Writes files so that a crash leaves either the old or the new content, never a mix.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs the folder.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let path = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: folder, reason: "cannot create folder")
        }
        let temporary = "\(folder)/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer -> Int32? in
            while let base = buffer.baseAddress, written < buffer.count {
                let result = Foundation.write(fd, base + written, buffer.count - written)
                if result < 0 { if errno == EINTR { continue }; return errno }
                written += result
            }
            return fsync(fd) == 0 ? nil : errno
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw FileError(path: path, reason: String(cString: strerror(failure)))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileError(path: path, reason: reason)
        }
        syncFolder(folder)
    }

    /// Removes a file if it exists, then its folder when that is left empty (up to `stopAt`).
    public static func remove(_ path: String, pruningUpTo stopAt: String) throws {
        if unlink(path) != 0, errno != ENOENT {
            throw FileError(path: path, reason: String(cString: strerror(errno)))
        }
        var folder = (path as NSString).deletingLastPathComponent
        syncFolder(folder)
        while folder.count > stopAt.count, folder.hasPrefix(stopAt), rmdir(folder) == 0 {
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// A file that could not be written or removed.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    /// The error for `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
