import Foundation
import SluiceDocuments
import SluiceMedia
import SluiceRunner
import Synchronization

extension RunService {
    /// Stores one file in the library of the environment checked out, catalogued together with its pending trigger:
    /// once this returns, the flows its upload triggers run exactly once (``startPendingUploads()`` starts them, now or
    /// after a crash). The server's upload API and inbox take files this way.
    public func receive(file: String, options: MediaLibrary.UploadOptions) throws(WorkspaceError) -> Asset {
        let library = try MediaService.library(context, environment: try context.snapshot().currentEnvironment())
        let checked = try lift { try library.check(file: file, options: options) }
        return try lift { try library.upload(file: file, options: options, queueTrigger: true, checked: checked) }
    }
}

/// An environment's inbox folder (`inbox/<environment>/` by default, ignored by git): a file dropped there is uploaded
/// once it is complete — its size and modification time the same at two looks, the second at least a second after
/// it last changed — into the folder it sits in (`inbox/production/products/a.jpg` goes to `products`), then moved
/// aside to `.uploaded/`, or to `.refused/` with a `.reason` file beside it when the library refuses it.
public final class Inbox: Sendable {
    public let folder: String
    private let seen = Mutex<[String: Stamp]>([:])
    /// Files taken that could not be moved aside: left where they are (nothing is deleted), and not taken again.
    private let stuck = Mutex<Set<String>>([])

    struct Stamp: Equatable {
        var size: Int
        var modified: TimeInterval
    }

    /// What one look at the inbox did.
    public struct Pass: Sendable {
        public var uploaded: [Asset] = []
        /// Each refused file (relative to the inbox) with why.
        public var refused: [(file: String, reason: String)] = []
    }

    public init(folder: String) { self.folder = folder }

    /// The default inbox of the environment checked out in the workspace at `context`.
    public static func defaultFolder(_ context: WorkspaceContext) throws(WorkspaceError) -> String {
        context.root + "/inbox/" + (try context.snapshot().currentEnvironment())
    }

    /// Uploads the complete files through `runs` (``RunService/receive(file:options:)``) and moves them aside.
    public func take(with runs: RunService, now: Date = Date()) -> Pass {
        var pass = Pass()
        var current: [String: Stamp] = [:]
        for relative in files() {
            let path = folder + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let stamp = Stamp(size: Int(info.st_size), modified: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
            current[relative] = stamp
            guard seen.withLock({ $0[relative] }) == stamp, now.timeIntervalSince1970 - stamp.modified >= 1,
                !stuck.withLock({ $0.contains(relative) })
            else { continue }
            var options = MediaLibrary.UploadOptions()
            options.folder = (relative as NSString).deletingLastPathComponent
            do throws(WorkspaceError) {
                pass.uploaded.append(try runs.receive(file: path, options: options))
                if let problem = moveAside(relative, to: ".uploaded", now: now) { pass.refused.append((relative, problem)) }
            } catch {
                pass.refused.append((relative, error.description))
                if let problem = moveAside(relative, to: ".refused", now: now, reason: error.description) {
                    pass.refused.append((relative, problem))
                }
            }
            current[relative] = nil
        }
        seen.withLock { $0 = current }
        return pass
    }

    /// The regular files below the inbox, relative to it, hidden names (and the folders files are moved to) left out.
    private func files() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var result: [String] = []
        while let next = walker.nextObject() as? String {
            if (next as NSString).lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            result.append(next)
        }
        return result.sorted()
    }

    /// Moves a taken file to `<inbox>/<place>/<time>/<its path>`, with the reason beside it; nil, or why it stays.
    private func moveAside(_ relative: String, to place: String, now: Date, reason: String? = nil) -> String? {
        let stamp = now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeSeparator(.omitted))
        let target = folder + "/" + place + "/" + stamp + "/" + relative
        try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard access(target, F_OK) != 0, rename(folder + "/" + relative, target) == 0 else {
            stuck.withLock { _ = $0.insert(relative) }
            return "cannot be moved to \(place)/\(stamp)/: it stays in the inbox and is not taken again until the server restarts"
        }
        if let reason { try? AtomicFile.write(Array((reason + "\n").utf8), to: target + ".reason") }
        return nil
    }
}
