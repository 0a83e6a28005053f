import Foundation
import SluiceDocuments

extension WorkspaceContext {
    /// Seconds to wait for the workspace lock: `SLUICE_LOCK_TIMEOUT`, default 10.
    var lockTimeout: Double { environment["SLUICE_LOCK_TIMEOUT"].flatMap(Double.init) ?? 10 }

    /// Takes the lock that serializes everything that changes the workspace, across processes and tasks, then clears
    /// git lock files a killed process left behind.
    func lock() throws(WorkspaceError) -> FileLock {
        let lock: FileLock
        do { lock = try FileLock(path: localStatePath("lock"), timeout: lockTimeout) } catch { throw WorkspaceError(error) }
        if let pid = lock.clearedStaleHolder { notices.notice(.staleLockTakenOver(pid: pid)) }
        clearStaleGitLocks()
        recoverInterruptedBranchMove()
        return lock
    }

    /// Removes `.lock` files a killed process left in a repository (git and libgit2 take them for a few milliseconds
    /// while writing the index or a ref). One still there after `patience` seconds, and at least that old, has no
    /// live owner; left alone, it would block every later commit.
    func clearStaleGitLocks(in directory: String? = nil, patience: TimeInterval = 3) {
        let gitDirectory = directory ?? self.gitDirectory
        func lockFiles() -> [String] {
            var found = ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock"].map { gitDirectory + "/" + $0 }
                .filter { FileManager.default.fileExists(atPath: $0) }
            if let walker = FileManager.default.enumerator(atPath: gitDirectory + "/refs") {
                for case let path as String in walker where path.hasSuffix(".lock") { found.append(gitDirectory + "/refs/" + path) }
            }
            return found
        }
        func age(_ path: String) -> TimeInterval {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date.distantPast
            return Date().timeIntervalSince(modified)
        }
        var stale = lockFiles()
        let deadline = Date().addingTimeInterval(patience)
        // Wait while a lock is young enough to belong to a live process; old ones go at once.
        while stale.contains(where: { age($0) < patience }), Date() < deadline {
            usleep(100_000)
            stale = lockFiles()
        }
        for path in stale {
            guard age(path) >= patience, unlink(path) == 0 else { continue }
            notices.notice(.removedGitLock(path: path))
        }
    }
}
