import Foundation
import SluiceDocuments
import SluiceGit
import SluiceMerge

/// What `sluice sync` did.
public struct SyncReport: Codable, Sendable {
    /// `up-to-date`, `pushed`, `fast-forwarded`, `merged`, or `conflicts`.
    public var outcome: String
    public var remote: String
    public var branch: String
    /// The commit that made hand edits part of the history, if any.
    public var committedHandEdits: String?
    /// The resulting HEAD.
    public var head: String?
    /// Documents merged structurally.
    public var mergedDocuments: [String]
    /// Conflicts left for `sluice resolve` (empty unless the outcome is `conflicts`).
    public var conflicts: [DocumentConflict]
    /// Pushes the remote rejected because someone pushed meanwhile (each was merged and retried).
    public var retries: Int
    /// Their documents moved to a free path because ours had a different document at that path.
    public var relocated: [String: String] = [:]
}

extension Workspace {
    /// The remote `sync` uses when none is named: `origin`, or the only one.
    public func defaultRemote() throws -> String {
        let remotes = try gitCall { try repository.remotes() }
        if remotes.contains(where: { $0.name == "origin" }) { return "origin" }
        guard remotes.count == 1, let only = remotes.first else {
            throw WorkspaceError.refused(
                remotes.isEmpty
                    ? "no remote to sync with; add one with `sluice remote add origin URL`"
                    : "several remotes (\(remotes.map(\.name).joined(separator: ", "))); name the one to sync with")
        }
        return only.name
    }

    /// Commits valid hand edits, fetches, fast-forwards or merges document by document, and pushes.
    /// On conflicts nothing is pushed: the merged documents (ours kept at each conflict) are in the work tree and the
    /// conflicts wait for `resolve`, then `sync --continue` (or `sync --abort`).
    public func sync(remote name: String? = nil, progress: @escaping (String) -> Void = { _ in }) throws -> SyncReport {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        if try syncState() != nil {
            throw WorkspaceError.refused(
                "a sync is waiting for conflicts to be resolved: `sluice conflicts`, then `sluice sync --continue` or `--abort`")
        }
        return try runSync(remote: name ?? defaultRemote(), progress: progress)
    }

    /// Commits the merge once every conflict is resolved and the documents are valid, then syncs again (which pushes).
    public func continueSync(progress: @escaping (String) -> Void = { _ in }) throws -> SyncReport {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        guard let state = try syncState() else { throw WorkspaceError.refused("no sync is waiting; run `sluice sync`") }
        guard let ours = ObjectID(hex: state.ours), let theirs = ObjectID(hex: state.theirs) else {
            throw WorkspaceError.refused("\(syncStatePath) is damaged; run `sluice sync --abort`")
        }
        let head = try gitCall { try repository.headCommitID() }
        if head == ours, let first = state.openConflicts.first {
            throw WorkspaceError.refused(
                "\(state.openConflicts.count) conflict(s) left, first \(first.path) \(first.conflict.pointer.display); settle each with `sluice resolve`"
            )
        }
        let problems = validate().filter { $0.severity == .error }
        guard problems.isEmpty else { throw WorkspaceError.invalidDocuments(problems) }
        if let operation = state.operation {
            // A promotion or an import update: one parent, nothing to push.
            guard head == ours else {
                throw WorkspaceError.refused("the environment moved since the \(operation) stopped; run `sluice sync --abort` and \(operation) again")
            }
            try commitResolvedMerge(state, ours: ours, theirs: theirs, parents: [ours])
            try saveSyncState(nil)
            return SyncReport(
                outcome: operation == "promote" ? "promoted" : "imported", remote: state.remote, branch: state.branch,
                head: try gitCall { try repository.headCommitID() }?.description,
                mergedDocuments: [], conflicts: [], retries: 0)
        }
        if let head, head != ours {
            // Committed already (by the git CLI, which sees MERGE_HEAD, or by a --continue that was killed): finish.
            guard try gitCall({ try repository.commit(head).parents }) == [ours, theirs] else {
                throw WorkspaceError.refused("the environment moved since the sync stopped; run `sluice sync --abort` and sync again")
            }
        } else {
            try commitResolvedMerge(state, ours: ours, theirs: theirs)
        }
        try saveSyncState(nil)
        var report = try runSync(remote: state.remote, progress: progress)
        if report.outcome == "pushed" || report.outcome == "up-to-date" { report.outcome = "merged" }
        return report
    }

    /// Gives up a sync stopped by conflicts: the work tree and index go back to the last commit.
    public func abortSync() throws {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        guard try syncState() != nil else { throw WorkspaceError.refused("no sync is waiting; nothing to abort") }
        if let head = try gitCall({ try repository.headCommitID() }) { try restoreWorkTree(to: head) }
        try saveSyncState(nil)
    }

    /// The message of the commit that finishes a stopped sync, promotion or import update.
    static func resolvedMergeMessage(_ state: SyncState) -> String {
        switch state.operation {
        case "promote"?: "promote: flows from \(state.remote) (conflicts resolved)"
        case "import"?: "import: update \(state.conflictedPaths?.first ?? "a flow") from \(state.remote) (conflicts resolved)"
        default: "sync: merge \(state.remote)/\(state.branch) (conflicts resolved)"
        }
    }

    /// The merge commit of a stopped sync: the merged tree, with the conflicted documents as the work tree holds them now.
    func commitResolvedMerge(_ state: SyncState, ours: ObjectID, theirs: ObjectID, parents: [ObjectID]? = nil) throws {
        guard let treeText = state.mergedTree, let mergedTree = ObjectID(hex: treeText) else {
            throw WorkspaceError.refused("\(syncStatePath) is damaged; run `sluice sync --abort`")
        }
        // Only the conflicted documents may differ from the merged tree; anything else would be lost below.
        let conflicted = Set(state.conflictedPaths ?? [])
        let stray = try gitCall { try repository.status() }.filter { $0.workdir != nil && !conflicted.contains($0.path) }.map(\.path)
        if !stray.isEmpty {
            throw WorkspaceError.refused(
                "edits outside the conflicted documents (\(stray.prefix(3).joined(separator: ", "))); undo them, finish the sync, then make them again"
            )
        }
        var files: [String: ObjectID] = [:]
        var removals: Set<String> = []
        for path in state.conflictedPaths ?? [] {
            if let data = FileManager.default.contents(atPath: absolute(path)) {
                files[path] = try gitCall { try repository.writeBlob(Array(data)) }
            } else {
                removals.insert(path)
            }
        }
        let signature = try gitCall { try repository.defaultSignature(environment: environment) }
        try gitCall {
            let tree = try repository.writeTree(files: files, removing: removals, base: mergedTree)
            let merge = try repository.createCommit(
                tree: tree, parents: parents ?? [ours, theirs],
                message: Self.resolvedMergeMessage(state),
                author: signature, committer: signature)
            // The work tree already holds this tree (checked above); the index learns it, then the branch moves.
            let changed = try repository.diffTrees(old: repository.commit(ours).tree, new: tree, detectRenames: false)
            try repository.stage(paths: Array(Set(changed.flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } })).sorted())
            try repository.updateReference("refs/heads/\(state.branch)", to: merge, expected: ours, logMessage: "sync: merge")
        }
    }

    /// The sync itself; the caller holds the lock.
    private func runSync(remote: String, progress: @escaping (String) -> Void) throws -> SyncReport {
        guard let branch = try gitCall({ try repository.currentBranch() }) else {
            throw WorkspaceError.refused("HEAD is detached; switch to an environment with `sluice env switch NAME`")
        }
        var report = SyncReport(outcome: "up-to-date", remote: remote, branch: branch, mergedDocuments: [], conflicts: [], retries: 0)
        report.committedHandEdits = try commitHandEditsForSync(progress: progress)?.description
        let credentials = Credentials(environment: environment)
        for attempt in 0..<5 {
            progress("fetching \(remote)")
            let upstream = try fetchUpstream(remote: remote, branch: branch, credentials: credentials)
            let local = try gitCall { try repository.headCommitID() }
            let step = try integrate(local: local, upstream: upstream, remote: remote, branch: branch, report: &report)
            if step == .stopped { return report }
            guard step == .push else { break }
            do {
                progress("pushing to \(remote)")
                try repository.push(remote: remote, refspecs: ["refs/heads/\(branch):refs/heads/\(branch)"], credentials: credentials)
                if report.outcome == "up-to-date" { report.outcome = "pushed" }
                break
            } catch let error as GitError {
                // Someone pushed meanwhile: fetch, merge again and push again (a few times at most).
                guard error.isRejectedPush, attempt < 4 else { throw WorkspaceError.git("\(error)") }
                report.retries += 1
                progress("\(remote) moved while pushing; merging again")
            }
        }
        report.head = try gitCall { try repository.headCommitID() }?.description
        return report
    }

    enum IntegrationStep { case push, nothing, stopped }

    /// Brings the remote's commit into the local branch; says whether there is anything to push.
    private func integrate(
        local: ObjectID?, upstream: ObjectID?, remote: String, branch: String, report: inout SyncReport
    ) throws -> IntegrationStep {
        guard let upstream else { return local == nil ? .nothing : .push }
        guard let local else {
            try moveBranch(branch, to: upstream, from: nil)
            report.outcome = "fast-forwarded"
            return .nothing
        }
        if local == upstream { return .nothing }
        if try gitCall({ try repository.isDescendant(local, of: upstream) }) { return .push }
        if try gitCall({ try repository.isDescendant(upstream, of: local) }) {
            try moveBranch(branch, to: upstream, from: local)
            report.outcome = "fast-forwarded"
            return .nothing
        }
        guard let base = try gitCall({ try repository.mergeBase(local, upstream) }) else {
            throw WorkspaceError.refused("\(remote)/\(branch) has a history unrelated to this workspace's; they cannot be synced")
        }
        var merger = TreeMerger(repository: repository)
        var result = try gitCall { try merger.merge(base: base, ours: local, theirs: upstream) }
        try checkMergedDocuments(&result)
        report.mergedDocuments = result.mergedPaths
        report.relocated.merge(result.relocated) { $1 }
        let signature = try gitCall { try repository.defaultSignature(environment: environment) }
        let message = "sync: merge \(remote)/\(branch) (\(result.mergedPaths.count) document\(result.mergedPaths.count == 1 ? "" : "s") merged)"
        let merge = try gitCall {
            try repository.createCommit(tree: result.tree, parents: [local, upstream], message: message, author: signature, committer: signature)
        }
        guard result.isClean else {
            // Put the merged documents in the work tree (HEAD stays), then wait for resolutions.
            try updateWorkTree(from: local, to: merge)
            let state = SyncState(
                remote: remote, branch: branch, ours: local.description, theirs: upstream.description, conflicts: result.conflicts,
                mergedTree: result.tree.description, conflictedPaths: result.conflicts.keys.sorted())
            try saveSyncState(state)
            report.outcome = "conflicts"
            report.conflicts = state.openConflicts
            return .stopped
        }
        try moveBranch(branch, to: merge, from: local)
        report.outcome = "merged"
        return .push
    }

    /// Validates every document the merge combined; a rule broken only by the combination becomes a conflict,
    /// so that nothing invalid is committed or pushed.
    func checkMergedDocuments(_ result: inout TreeMergeResult) throws {
        let paths = result.mergedPaths.filter { WorkspaceLayout.kind(at: $0) != nil && result.conflicts[$0] == nil }
        guard !paths.isEmpty else { return }
        let tree = result.tree
        let blobs = Dictionary(
            try gitCall { try repository.treeEntries(tree, recursive: true) }.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
        for path in paths {
            guard let blob = blobs[path] else { continue }
            let parsed = DocumentParser.parse(path: path, bytes: try gitCall { try repository.blob(blob) })
            let errors = parsed.problems.filter { $0.severity == .error }
            guard !errors.isEmpty else { continue }
            result.conflicts[path] = errors.map { MergeConflict(pointer: $0.pointer, kind: .invalid, base: nil, ours: nil, theirs: nil) }
        }
    }

    /// Checks out `commit` and then moves the branch to it by compare-and-swap: a crash in between
    /// leaves the new content as uncommitted edits that the next sync commits, never a lost commit.
    func moveBranch(_ branch: String, to commit: ObjectID, from expected: ObjectID?) throws {
        // A hand edit saved meanwhile stops the sync instead of being overwritten.
        try updateWorkTree(from: expected, to: commit)
        try gitCall {
            try repository.updateReference(
                "refs/heads/\(branch)", to: commit, expected: expected, logMessage: "sync: \(commit.description.prefix(10))")
        }
    }

    /// A remote reached by path (or file://) is written by this process itself, so a sync killed while pushing
    /// can leave a ref lock there; clear such stale locks as in the workspace's own repository.
    private func clearStaleLocksOfLocalRemote(_ remote: String) {
        guard let url = (try? repository.remote(named: remote))??.url else { return }
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        guard path.hasPrefix("/") else { return }
        let gitDirectory = FileManager.default.fileExists(atPath: path + "/.git") ? path + "/.git" : path
        guard FileManager.default.fileExists(atPath: gitDirectory + "/refs") else { return }
        clearStaleGitLocks(in: gitDirectory)
    }

    private func fetchUpstream(remote: String, branch: String, credentials: Credentials) throws -> ObjectID? {
        clearStaleLocksOfLocalRemote(remote)
        do {
            _ = try repository.fetch(remote: remote, credentials: credentials, progress: nil)
        } catch let error as GitError {
            let url = (try? repository.remote(named: remote))??.url ?? remote
            if error.isAuthenticationFailure {
                throw WorkspaceError.refused(
                    "\(remote) (\(url)) rejected the credentials; check $SLUICE_GIT_TOKEN, your ssh keys or git's credential helper")
            }
            if error.isUnreachable { throw WorkspaceError.refused("cannot reach \(remote) (\(url)): \(error.message)") }
            throw WorkspaceError.git("\(error)")
        }
        guard let upstream = try gitCall({ try repository.resolveReference("refs/remotes/\(remote)/\(branch)") }) else {
            // A remote whose branches hold no Sluice workspace at all is someone else's repository.
            let others = try gitCall { try repository.remoteTrackingBranches() }.filter { $0.hasPrefix(remote + "/") }
            let sluiceBranches = try others.filter { name in
                guard let commit = try gitCall({ try repository.resolveReference("refs/remotes/\(name)") }) else { return false }
                return try gitCall { try repository.fileContents(atPath: WorkspaceLayout.manifestPath, commit: commit) } != nil
            }
            if !others.isEmpty, sluiceBranches.isEmpty {
                throw WorkspaceError.refused("\(remote) is not a Sluice workspace (none of its branches has \(WorkspaceLayout.manifestPath))")
            }
            return nil
        }
        let manifest = try gitCall { try repository.fileContents(atPath: WorkspaceLayout.manifestPath, commit: upstream) }
        guard manifest != nil else {
            throw WorkspaceError.refused("\(remote)/\(branch) is not a Sluice workspace (it has no \(WorkspaceLayout.manifestPath))")
        }
        return upstream
    }

    /// Commits valid hand edits before syncing; refuses, naming them, when a changed document has errors.
    private func commitHandEditsForSync(progress: (String) -> Void) throws -> ObjectID? {
        try commitValidEdits { changed in
            progress("committing \(changed.count) hand edit(s)")
            return "sync: commit hand edits (\(changed.joined(separator: ", ")))"
        }
    }
}
