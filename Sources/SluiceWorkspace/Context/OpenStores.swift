import Foundation
import SluiceMedia
import SluiceRunner
import Synchronization

/// Run stores and media libraries, opened once per process and path: opening one (its lock, its migrations, a
/// library's sweep of stale copies) costs more than most operations on it, and a server does thousands of operations.
/// A store whose file was replaced or removed since (a restore, a deleted `.sluice`) is opened again.
enum OpenStores {
    /// A file's device and inode: what changes when the file is replaced.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// The most stores of each kind kept open (a process working on many workspaces, like the test suite, must not
    /// run out of file descriptors).
    static let kept = 16

    private static let runStores = Mutex<[String: (identity: Identity, value: RunStore)]>([:])
    private static let libraries = Mutex<[String: (identity: Identity, value: MediaLibrary)]>([:])

    /// The run store at `path`.
    static func runStore(at path: String) throws -> RunStore {
        if let cached = runStores.withLock({ $0[path] }), Identity(path) == cached.identity { return cached.value }
        let store = try RunStore(path: path)
        if let identity = Identity(path) { runStores.withLock { keep(&$0, path, (identity, store), file: { $0 }) } }
        return store
    }

    /// The media library at `root`.
    static func library(at root: String) throws(MediaError) -> MediaLibrary {
        let catalog = root + "/catalog.sqlite"
        if let cached = libraries.withLock({ $0[root] }), Identity(catalog) == cached.identity { return cached.value }
        let library = try MediaLibrary(root: root)
        if let identity = Identity(catalog) { libraries.withLock { keep(&$0, root, (identity, library), file: { $0 + "/catalog.sqlite" }) } }
        return library
    }

    /// Adds an entry, first dropping those whose file is gone or replaced, then any, while ``kept`` are open.
    private static func keep<Value>(
        _ entries: inout [String: (identity: Identity, value: Value)], _ key: String, _ entry: (identity: Identity, value: Value),
        file: (String) -> String
    ) {
        if entries.count >= kept {
            for (path, cached) in entries where Identity(file(path)) != cached.identity { entries[path] = nil }
        }
        while entries.count >= kept, let any = entries.keys.first { entries[any] = nil }
        entries[key] = entry
    }
}
