import Foundation
import GRDB
import SluiceDocuments
import SluiceJSON

/// Facts of document versions that git holds, by path and blob id, in `.sluice/cache/documents.sqlite`.
///
/// A blob id names content, so a cached entry never goes stale; entries made under other rules (another Sluice
/// version) are dropped when the cache opens. Losing the file only costs one full parse.
final class DocumentCache {
    /// One cached document version.
    struct Entry {
        var blob: String
        var facts: DocumentFacts
    }

    private let database: DatabaseQueue

    /// Opens (or creates) the cache at `path`; a damaged file is removed and made again.
    static func open(at path: String) throws -> DocumentCache {
        do { return try DocumentCache(path: path) } catch let error as DatabaseError
            where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
        {
            for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return try DocumentCache(path: path)
        }
    }

    /// Opens (or creates) the cache at `path`, emptying it when it was written under other rules.
    private init(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS facts(path TEXT PRIMARY KEY, blob TEXT NOT NULL, facts TEXT NOT NULL) WITHOUT ROWID")
            let rules = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rules'")
            guard rules != DocumentFacts.rulesFingerprint else { return }
            try db.execute(sql: "DELETE FROM facts")
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('rules', ?)", arguments: [DocumentFacts.rulesFingerprint])
        }
    }

    /// Every cached entry by path (entries that do not read back are left out, and replaced when stored again).
    func entries() throws -> [String: Entry] {
        try database.read { db in
            var entries: [String: Entry] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, blob, facts FROM facts")
            while let row = try rows.next() {
                let path: String = row[0]
                let text: String = row[2]
                guard let value = try? JSONParser.parse(Array(text.utf8)), let facts = DocumentFacts(path: path, storedValue: value) else { continue }
                entries[path] = Entry(blob: row[1], facts: facts)
            }
            return entries
        }
    }

    /// Stores new entries (replacing older versions of the same paths) and removes the entries of `stale` paths.
    func update(storing new: [Entry], removing stale: [String]) throws {
        guard !new.isEmpty || !stale.isEmpty else { return }
        try database.write { db in
            for entry in new {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO facts(path, blob, facts) VALUES (?, ?, ?)",
                    arguments: [entry.facts.path, entry.blob, entry.facts.storedValue.compactText()])
            }
            for path in stale {
                try db.execute(sql: "DELETE FROM facts WHERE path = ?", arguments: [path])
            }
        }
    }
}

/// The cache's entries, read on another thread while git looks at the work tree.
final class DocumentCacheRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the reading thread before `done` is signalled, read only after waiting for it.
    private var result: Result<[String: DocumentCache.Entry], any Error> = .success([:])

    /// Starts reading the cache at `path`.
    init(path: String) {
        DispatchQueue.global().async {
            self.result = Result { try DocumentCache.open(at: path).entries() }
            self.done.signal()
        }
    }

    /// Waits for the entries.
    func entries() throws -> [String: DocumentCache.Entry] {
        done.wait()
        defer { done.signal() }
        return try result.get()
    }
}
