import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceRunner
import Synchronization

/// Writes Notification blocks' assets into `notifications/<flow-id>/<block-id>.json` while flows run: each write is
/// atomic and on disk before the block ends (a crash loses nothing; the next commit or sync takes it), and the documents
/// a batch of runs touched are committed together at the end (``commit(into:)``), not one commit per asset. Each read,
/// change and write of a document happens under the workspace lock, so runs in other processes (parallel uploads, a
/// server) never lose each other's assets.
///
/// Runs adding at the same moment are written together (a group commit): one of them writes every request waiting,
/// each document once, while the others wait for it; under load a document is written once for many assets.
final class NotificationWriter: NotificationSink, @unchecked Sendable {
    private let context: WorkspaceContext
    private var root: String { context.root }
    private let lock = NSCondition()
    // Guarded by `lock`.
    private var touched: Set<String> = []
    private var added = 0
    private var waiting: [PendingAdd] = []
    private var writing = false

    /// A request waiting to be written, and then what became of it.
    private final class PendingAdd {
        let request: NotificationRequest
        var result: Result<JSONValue, any Error>?
        init(_ request: NotificationRequest) { self.request = request }
    }

    init(context: WorkspaceContext) { self.context = context }

    /// Adds the request's asset to its notification (refreshing it when it is there already, so it is new again),
    /// returning once the document holding it is on disk.
    func add(_ request: NotificationRequest) throws -> JSONValue {
        let mine = PendingAdd(request)
        lock.lock()
        defer { lock.unlock() }
        waiting.append(mine)
        while mine.result == nil, writing { lock.wait() }
        if mine.result == nil {
            // Nobody is writing: this call writes everything waiting, its own request included.
            writing = true
            let batch = waiting
            waiting = []
            lock.unlock()
            write(batch)
            lock.lock()
            for pending in batch where pending.result.map({ (try? $0.get()) != nil }) == true {
                touched.insert(WorkspaceLayout.notificationPath(flowID: pending.request.flowID, blockID: pending.request.blockID))
                added += 1
            }
            writing = false
            lock.broadcast()
        }
        return try mine.result!.get()
    }

    /// Writes the requests of a batch, each document once, under one workspace lock; sets every request's result.
    private func write(_ batch: [PendingAdd]) {
        let workspaceLock: FileLock
        do { workspaceLock = try context.lock() } catch {
            for pending in batch { pending.result = .failure(error) }
            return
        }
        defer { withExtendedLifetime(workspaceLock) {} }
        var byPath: [String: [PendingAdd]] = [:]
        var order: [String] = []
        for pending in batch {
            let path = WorkspaceLayout.notificationPath(flowID: pending.request.flowID, blockID: pending.request.blockID)
            if byPath[path] == nil { order.append(path) }
            byPath[path, default: []].append(pending)
        }
        for path in order {
            guard let requests = byPath[path], let first = requests.first else { continue }
            do {
                var existing: SluiceDocuments.Notification?
                if case .notification(let found)? = DocumentParser.parse(path: path, inWorkspace: root).document { existing = found }
                var notification = Self.adding(first.request, to: existing)
                var counts = [notification.assets.count]
                for pending in requests.dropFirst() {
                    notification = Self.adding(pending.request, to: notification)
                    counts.append(notification.assets.count)
                }
                try AtomicFile.write(try AnyDocument.notification(notification).canonicalBytes(at: path), to: root + "/" + path)
                for (pending, count) in zip(requests, counts) {
                    pending.result = .success([
                        "notification": .string(notification.id), "path": .string(path), "assets": .number(JSONNumber(count)),
                    ])
                }
            } catch {
                for pending in requests { pending.result = .failure(error) }
            }
        }
    }

    /// The notification with the request's asset added (or refreshed, so it is new again) and its texts updated.
    private static func adding(_ request: NotificationRequest, to existing: SluiceDocuments.Notification?) -> SluiceDocuments.Notification {
        var notification =
            existing
            ?? SluiceDocuments.Notification(flow: request.flowID, block: request.blockID, title: request.title, recipients: request.recipients)
        notification.title = request.title
        notification.description = request.description
        notification.recipients = request.recipients
        notification.assets.removeAll { $0.id == request.publicID }
        notification.assets.append(
            NotifiedAsset(
                id: request.publicID, publicId: request.publicID, message: request.message, thumbnail: request.thumbnail,
                addedAt: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))))
        return notification
    }

    /// The documents written so far and how many assets were added.
    var written: (paths: [String], assets: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (touched.sorted(), added)
    }

    /// The documents written and the assets added since the last take (a writer shared by many runs hands each batch
    /// what is new).
    func takeWritten() -> (paths: [String], assets: Int) {
        lock.lock()
        defer {
            (touched, added) = ([], 0)
            lock.unlock()
        }
        return (touched.sorted(), added)
    }

    /// Commits the documents written, in one commit. While a merge waits for conflicts they stay uncommitted (valid
    /// documents; the next commit takes them), with a notice.
    func commit(into context: WorkspaceContext) {
        let (paths, assets) = written
        Self.commit(paths, assets: assets, into: context)
    }

    /// Commits the notification documents at `paths` (`assets` added to them), in one commit.
    static func commit(_ paths: [String], assets: Int, into context: WorkspaceContext) {
        guard !paths.isEmpty else { return }
        do {
            try context.mutate { snapshot, changes in
                for path in paths where FileManager.default.fileExists(atPath: context.absolute(path)) {
                    changes.writeRaw(try snapshot.bytes(at: path), to: path)
                }
                return ("notifications: \(assets) asset\(assets == 1 ? "" : "s") in \(paths.count) notification\(paths.count == 1 ? "" : "s")", ())
            }
        } catch {
            context.notices.notice(.notificationsNotCommitted(reason: error.description))
        }
    }
}

/// Notification documents written by many runs, committed together: `sluice serve` commits once a second (``commit()``)
/// instead of once a run. The documents are on disk as each run writes them; only the commit waits.
public final class NotificationBatch: Sendable {
    private let context: WorkspaceContext
    private let pending = Mutex<(paths: Set<String>, assets: Int)>(([], 0))

    public init(_ context: WorkspaceContext) { self.context = context }

    func add(_ written: (paths: [String], assets: Int)) {
        pending.withLock { pending in
            pending.paths.formUnion(written.paths)
            pending.assets += written.assets
        }
    }

    /// Commits what the runs wrote since the last commit, in one commit.
    public func commit() {
        let (paths, assets) = pending.withLock { pending in
            defer { pending = ([], 0) }
            return (pending.paths.sorted(), pending.assets)
        }
        NotificationWriter.commit(paths, assets: assets, into: context)
    }
}
