import Foundation
import GRDB
import SluiceDocuments
import SluiceJSON

/// The catalog of a media library in SQLite: one row per asset, with tags, structured and contextual metadata and
/// relations in their own tables, so searches run as indexed SQL. Every change is one transaction.
final class MediaCatalog {
    let database: DatabaseQueue

    /// Opens (or creates) the catalog at `path`.
    init(path: String) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE asset (
                        public_id TEXT PRIMARY KEY NOT NULL,
                        resource_type TEXT NOT NULL,
                        format TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        width INTEGER,
                        height INTEGER,
                        folder TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        original_filename TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX asset_folder ON asset(folder);
                    CREATE INDEX asset_created ON asset(created_at);
                    CREATE INDEX asset_hash ON asset(content_hash);
                    CREATE TABLE tag (
                        public_id TEXT NOT NULL REFERENCES asset(public_id) ON DELETE CASCADE ON UPDATE CASCADE,
                        tag TEXT NOT NULL,
                        PRIMARY KEY (public_id, tag)
                    ) WITHOUT ROWID;
                    CREATE INDEX tag_by_name ON tag(tag);
                    CREATE TABLE metadata (
                        public_id TEXT NOT NULL REFERENCES asset(public_id) ON DELETE CASCADE ON UPDATE CASCADE,
                        key TEXT NOT NULL,
                        json TEXT NOT NULL,
                        value TEXT NOT NULL,
                        number REAL,
                        PRIMARY KEY (public_id, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX metadata_by_key ON metadata(key, value);
                    CREATE TABLE context (
                        public_id TEXT NOT NULL REFERENCES asset(public_id) ON DELETE CASCADE ON UPDATE CASCADE,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (public_id, key)
                    ) WITHOUT ROWID;
                    CREATE TABLE relation (
                        public_id TEXT NOT NULL REFERENCES asset(public_id) ON DELETE CASCADE ON UPDATE CASCADE,
                        related_id TEXT NOT NULL REFERENCES asset(public_id) ON DELETE CASCADE ON UPDATE CASCADE,
                        PRIMARY KEY (public_id, related_id)
                    ) WITHOUT ROWID;
                    """)
        }
        // Uploads whose triggers have not been started yet, written with the asset in one transaction (issue 9).
        migrator.registerMigration("v2-pending-trigger") { db in
            try db.execute(
                sql: "CREATE TABLE pending_trigger (public_id TEXT PRIMARY KEY NOT NULL, queued_at REAL NOT NULL, content_hash TEXT NOT NULL)")
        }
        // Derived files (issue 10): keyed by the original's content and the canonical transformation, so the same
        // derivation is computed once whatever asset names that content.
        migrator.registerMigration("v3-derived") { db in
            try db.execute(
                sql: """
                    CREATE TABLE derived (
                        source_hash TEXT NOT NULL,
                        transformation TEXT NOT NULL,
                        output TEXT NOT NULL,
                        format TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (source_hash, transformation, output)
                    ) WITHOUT ROWID;
                    CREATE INDEX derived_by_content ON derived(content_hash);
                    ALTER TABLE asset ADD COLUMN facts TEXT;
                    """)
        }
        // The flows whose runs led to an upload (an Upload Media block's), so a flow never triggers itself again.
        migrator.registerMigration("v4-trigger-chain") { db in
            try db.execute(sql: "ALTER TABLE pending_trigger ADD COLUMN chain TEXT NOT NULL DEFAULT ''")
        }
        database = try DatabaseQueue.local(path: path, foreignKeys: true, migrator: migrator)
    }

    /// Inserts or replaces an asset with everything known about it.
    static func save(_ asset: Asset, in db: Database) throws {
        try db.cachedExecute(sql: "DELETE FROM tag WHERE public_id = ?", arguments: [asset.publicID])
        try db.cachedExecute(sql: "DELETE FROM metadata WHERE public_id = ?", arguments: [asset.publicID])
        try db.cachedExecute(sql: "DELETE FROM context WHERE public_id = ?", arguments: [asset.publicID])
        try db.cachedExecute(
            sql: """
                INSERT INTO asset (public_id, resource_type, format, bytes, width, height, folder, content_hash, original_filename, facts,
                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(public_id) DO UPDATE SET resource_type = excluded.resource_type, format = excluded.format,
                    bytes = excluded.bytes, width = excluded.width, height = excluded.height, folder = excluded.folder,
                    content_hash = excluded.content_hash, original_filename = excluded.original_filename, facts = excluded.facts,
                    created_at = excluded.created_at, updated_at = excluded.updated_at
                """,
            arguments: [
                asset.publicID, asset.resourceType.rawValue, asset.format, asset.bytes, asset.width, asset.height, asset.folder,
                asset.contentHash, asset.originalFilename,
                asset.facts.isEmpty
                    ? nil : JSONValue.object(JSONObject(asset.facts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })).compactText(),
                asset.createdAt.timeIntervalSince1970, asset.updatedAt.timeIntervalSince1970,
            ])
        for tag in asset.tags {
            try db.cachedExecute(sql: "INSERT INTO tag (public_id, tag) VALUES (?, ?)", arguments: [asset.publicID, tag])
        }
        for (key, value) in asset.metadata {
            try db.cachedExecute(
                sql: "INSERT INTO metadata (public_id, key, json, value, number) VALUES (?, ?, ?, ?, ?)",
                arguments: [asset.publicID, key, value.compactText(), Self.text(of: value), value.doubleValue])
        }
        for (key, value) in asset.context {
            try db.cachedExecute(sql: "INSERT INTO context (public_id, key, value) VALUES (?, ?, ?)", arguments: [asset.publicID, key, value])
        }
        try db.cachedExecute(sql: "DELETE FROM relation WHERE public_id = ?", arguments: [asset.publicID])
        for related in asset.related {
            try db.cachedExecute(sql: "INSERT OR IGNORE INTO relation (public_id, related_id) VALUES (?, ?)", arguments: [asset.publicID, related])
        }
    }

    /// A metadata value as stored for search: strings as they are, other values as compact JSON.
    static func text(of value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.compactText()
    }

    /// The assets with these public ids, in the order given (missing ones left out).
    static func assets(_ ids: [String], in db: Database) throws -> [Asset] {
        try ids.compactMap { try asset($0, in: db) }
    }

    /// One asset, or nil (its statements compiled once per connection: this runs for nearly every block).
    static func asset(_ publicID: String, in db: Database) throws -> Asset? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM asset WHERE public_id = ?"), arguments: [publicID]) else {
            return nil
        }
        let tags = try String.fetchAll(db.cachedStatement(sql: "SELECT tag FROM tag WHERE public_id = ? ORDER BY tag"), arguments: [publicID])
        var metadata: [String: JSONValue] = [:]
        for entry in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, json FROM metadata WHERE public_id = ?"), arguments: [publicID]) {
            let json: String = entry["json"]
            metadata[entry["key"]] = (try? JSONParser.parse(json)) ?? .string(json)
        }
        var context: [String: String] = [:]
        for entry in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM context WHERE public_id = ?"), arguments: [publicID]) {
            context[entry["key"]] = entry["value"]
        }
        let related = try String.fetchAll(
            db.cachedStatement(sql: "SELECT related_id FROM relation WHERE public_id = ? ORDER BY related_id"), arguments: [publicID])
        var facts: [String: JSONValue] = [:]
        if let text: String = row["facts"], case .object(let object)? = try? JSONParser.parse(text) {
            for (key, value) in object { facts[key] = value }
        }
        var asset = Asset(
            publicID: row["public_id"], resourceType: MediaInfo.ResourceType(rawValue: row["resource_type"]) ?? .raw, format: row["format"],
            bytes: row["bytes"], width: row["width"], height: row["height"], folder: row["folder"], tags: tags, metadata: metadata,
            context: context, related: related, contentHash: row["content_hash"], originalFilename: row["original_filename"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
        asset.facts = facts
        return asset
    }
}

extension DatabaseQueue {
    /// A local store (catalog, run store) at `path`, its folder made when missing. WAL with synchronous=NORMAL: a
    /// commit survives the process being killed at any moment, without an fsync per commit (a power loss may roll
    /// back the last commits, never tear one). Other processes wait up to 10 s for a write.
    package static func local(path: String, foreignKeys: Bool = false, migrator: DatabaseMigrator) throws -> DatabaseQueue {
        // Two processes creating a store at once would both see its tables missing, or one would read the schema the
        // other is writing: opening and migrating take a lock beside the store (held for a few milliseconds).
        let lock = try FileLock(path: path + ".lock", timeout: 30)
        defer { withExtendedLifetime(lock) {} }
        let database = try open(path: path, foreignKeys: foreignKeys)
        try migrator.migrate(database)
        return database
    }

    private static func open(path: String, foreignKeys: Bool) throws -> DatabaseQueue {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = ON") }
        }
        // Two processes opening a new store at once race to switch it to WAL, and SQLite answers the loser with
        // SQLITE_BUSY at once, without calling the busy handler: try again for a while.
        var attempt = 0
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 100 {
                attempt += 1
                usleep(useconds_t(UInt32.random(in: 5_000...50_000)))
            }
        }
    }
}

extension Database {
    /// Runs one statement compiled once per connection: parsing and authorizing SQL on every call costs more than
    /// the small writes of a catalog or a run store.
    package func cachedExecute(sql: String, arguments: StatementArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

/// Checks on the local SQLite stores (catalogs, run stores) that `sluice doctor` runs.
public enum LocalStore {
    /// Nil when the store at `path` opens and passes SQLite's quick check; otherwise what is wrong, in a few words.
    public static func integrityProblem(at path: String) -> String? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let results = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            return results == ["ok"] ? nil : "damaged (" + results.joined(separator: "; ").shown(limit: 200) + ")"
        } catch let error as DatabaseError {
            return "cannot be read (\(error.message ?? "SQLite error \(error.resultCode.rawValue)"))"
        } catch {
            return "cannot be read (\(error))"
        }
    }
}

/// Errors of the local stores as a sentence: SQLite's message without the statement it was running, file errors in
/// plain words (`.sluice` is not a folder).
package enum StoreError {
    package static func sentence(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            let message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
            return error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
                ? "\(message) (`sluice doctor` says how to repair it)" : message
        }
        if let error = error as? FileLockError { return "\(error)" }
        return PlainError.sentence(error)
    }
}
