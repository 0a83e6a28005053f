import Foundation

extension DocumentParser {
    /// Reads and parses the document at `path` in the workspace at `root`. Only a regular file is read: a symbolic link
    /// (which could reach outside the workspace), a FIFO (which would block) or a device is refused with one problem, as
    /// is a file over ``maximumBytes``, whose size is checked before reading. A missing file reads as empty.
    public static func parse(path: String, inWorkspace root: String) -> ParsedDocument {
        switch DocumentFile.read(root + "/" + path) {
        case .success(let bytes): return parse(path: path, bytes: bytes)
        case .failure(let refusal):
            return ParsedDocument(
                path: path, kind: WorkspaceLayout.kind(at: path) ?? .flow, bytes: [], value: nil, document: nil,
                problems: [Problem(path: path, message: refusal.description, line: 1, column: 1)])
        }
    }
}

/// Reading a document file of the work tree.
public enum DocumentFile {
    /// Why a work-tree file is not read as a document.
    public enum Refusal: Error, Sendable, CustomStringConvertible {
        case symbolicLink
        case notRegular
        /// A folder on the path is something else (a file, a FIFO): the document is not where it was.
        case parentNotFolder
        case tooLarge(bytes: Int)
        case unreadable(reason: String)

        public var description: String {
            switch self {
            case .symbolicLink: "a symbolic link; a document must be a regular file inside the workspace"
            case .notRegular: "not a regular file (a folder, FIFO, socket or device); a document must be a regular file"
            case .parentNotFolder: "a folder on its path is not a folder (a file, FIFO or device is in its place)"
            case .tooLarge(let bytes): "document is \(bytes) bytes; the limit is \(DocumentParser.maximumBytes)"
            case .unreadable(let reason): "cannot read: \(reason)"
            }
        }
    }

    /// The bytes of the regular file at `absolute`, empty when it does not exist.
    public static func read(_ absolute: String) -> Result<[UInt8], Refusal> {
        var info = stat()
        guard lstat(absolute, &info) == 0 else {
            switch errno {
            case ENOENT: return .success([])
            case ENOTDIR: return .failure(.parentNotFolder)
            default: return .failure(.unreadable(reason: String(cString: strerror(errno))))
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: return .failure(.symbolicLink)
        default: return .failure(.notRegular)
        }
        guard Int(info.st_size) <= DocumentParser.maximumBytes else { return .failure(.tooLarge(bytes: Int(info.st_size))) }
        // O_NOFOLLOW and O_NONBLOCK: the file may have been swapped for a link or a FIFO since the look.
        let fd = open(absolute, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errno == ELOOP ? .symbolicLink : .unreadable(reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        // Room for the size seen plus one byte, to notice a file that grew since; more only if it did.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= DocumentParser.maximumBytes else { break }
                bytes += [UInt8](repeating: 0, count: min(bytes.count, DocumentParser.maximumBytes + 1 - bytes.count))
            }
            let read = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + count, $0.count - count) }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
            if read == 0 { break }
            count += read
        }
        guard count <= DocumentParser.maximumBytes else { return .failure(.tooLarge(bytes: count)) }
        return .success(Array(bytes[0..<count]))
    }
}
