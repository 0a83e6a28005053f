import Foundation
import SluiceDocuments
import SluiceGit
import SluiceSync

/// What `sluice sync` (or `sync --continue`) did.
public struct SyncReport: Codable, Sendable {
    /// How it ended.
    public enum Outcome: String, Codable, Sendable {
        /// Nothing to fetch or push.
        case upToDate = "up-to-date"
        /// Local commits were pushed.
        case pushed
        /// The remote's commits were taken as they are.
        case fastForwarded = "fast-forwarded"
        /// Both sides' commits were merged document by document (and pushed).
        case merged
        /// Conflicts wait for `sluice resolve`; nothing was pushed.
        case conflicts
        /// A stopped promotion was committed (`sync --continue`).
        case promoted
        /// A stopped import update was committed (`sync --continue`).
        case imported
    }

    public var outcome: Outcome
    public var remote: String
    public var branch: String
    /// The commit that made hand edits part of the history, if any.
    public var committedHandEdits: String?
    /// The resulting HEAD.
    public var head: String?
    /// Documents merged structurally.
    public var mergedDocuments: [String] = []
    /// Conflicts left for `sluice resolve` (empty unless the outcome is `conflicts`).
    public var conflicts: [DocumentConflict] = []
    /// Pushes the remote rejected because someone pushed meanwhile (each was merged and retried).
    public var retries: Int = 0
    /// Their documents moved to a free path because ours had a different document at that path.
    public var relocated: [String: String] = [:]
    /// Errors in the documents after the sync (someone pushed an invalid document with plain git, say): the flows
    /// they belong to do not run until they are fixed.
    public var invalidDocuments: [String] = []
}

/// Remotes, sync, and the conflicts a stopped merge leaves.
public struct SyncService: Sendable {
    let context: WorkspaceContext

    /// Syncing the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// Commits valid hand edits, fetches, fast-forwards or merges document by document, and pushes. On conflicts nothing
    /// is pushed: the merged documents (ours kept at each conflict) are in the work tree and the conflicts wait for
    /// `resolve`, then `sync --continue` (or `sync --abort`). `progress` hears each step.
    public func sync(remote name: String? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) throws(WorkspaceError) -> SyncReport {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        try snapshot.refuseDuringStoppedMerge()
        let remote = if let name { name } else { try snapshot.defaultRemote() }
        return try run(remote: remote, snapshot: snapshot, progress: progress)
    }

    /// Commits the stopped merge once every conflict is resolved and the documents are valid; a sync then syncs again
    /// (which pushes), a promotion or an import update is done.
    public func continueMerge(progress: @escaping @Sendable (String) -> Void = { _ in }) throws(WorkspaceError) -> SyncReport {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        guard let state = try lift({ try snapshot.syncStates.load() }) else { throw .refused(.noStoppedMerge(.continueIt)) }
        guard let ours = ObjectID(hex: state.ours), let theirs = ObjectID(hex: state.theirs) else {
            throw .refused(.damagedState(path: snapshot.syncStates.path))
        }
        let head = try lift { try repository.headCommitID() }
        if head == ours, let first = state.openConflicts.first { throw .refused(.conflictsLeft(count: state.openConflicts.count, first: first)) }
        let errors = snapshot.problems.filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalidDocuments(errors) }
        let operation = state.stoppedOperation
        if operation != .sync {
            // A promotion or an import update: one parent, nothing to push.
            guard head == ours else { throw .refused(.movedSinceStop(operation)) }
            try commitResolvedMerge(state, ours: ours, parents: [ours], snapshot: snapshot)
            snapshot.syncStates.clear()
            return SyncReport(
                outcome: operation == .promote ? .promoted : .imported, remote: state.remote, branch: state.branch,
                head: try lift { try repository.headCommitID() }?.description)
        }
        if let head, head != ours {
            // Committed already (by the git CLI, which sees MERGE_HEAD, or by a --continue that was killed): finish.
            guard try lift({ try repository.commit(head).parents }) == [ours, theirs] else { throw .refused(.movedSinceStop(.sync)) }
        } else {
            try commitResolvedMerge(state, ours: ours, parents: [ours, theirs], snapshot: snapshot)
        }
        snapshot.syncStates.clear()
        var report = try run(remote: state.remote, snapshot: context.snapshot(), progress: progress)
        if report.outcome == .pushed || report.outcome == .upToDate { report.outcome = .merged }
        return report
    }

    /// Gives up a stopped merge: the work tree and index go back to the last commit.
    public func abort() throws(WorkspaceError) {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        guard try lift({ try snapshot.syncStates.load() }) != nil else { throw .refused(.noStoppedMerge(.abort)) }
        if let head = try lift({ try snapshot.repository.headCommitID() }) {
            try lift { try WorkTreeWriter(repository: snapshot.repository, root: context.root).restore(to: head) }
        }
        snapshot.syncStates.clear()
    }

    /// The message of the commit that finishes a stopped sync, promotion or import update.
    static func resolvedMergeMessage(_ state: SyncState) -> CommitMessage {
        switch state.stoppedOperation {
        case .promote: "promote: flows from \(state.remote) (conflicts resolved)"
        case .import: "import: update \(state.conflictedPaths?.first ?? "a flow") from \(state.remote) (conflicts resolved)"
        case .sync: "sync: merge \(state.remote)/\(state.branch) (conflicts resolved)"
        }
    }

    /// The commit that finishes a stopped merge: the merged tree, with the conflicted documents as the work tree holds them now.
    private func commitResolvedMerge(_ state: SyncState, ours: ObjectID, parents: [ObjectID], snapshot: WorkspaceSnapshot) throws(WorkspaceError) {
        let repository = snapshot.repository
        guard let treeText = state.mergedTree, let mergedTree = ObjectID(hex: treeText) else {
            throw .refused(.damagedState(path: snapshot.syncStates.path))
        }
        // Only the conflicted documents may differ from the merged tree; anything else would be lost below.
        let conflicted = Set(state.conflictedPaths ?? [])
        let stray = try snapshot.status().filter { $0.workdir != nil && !conflicted.contains($0.path) }.map(\.path)
        if !stray.isEmpty { throw .refused(.editsOutsideConflicts(stray)) }
        let signature = try context.signature(repository)
        // The conflicted documents as the work tree holds them, read as documents are (a link is refused, not followed).
        var contents: [String: [UInt8]] = [:]
        var removals: Set<String> = []
        for path in state.conflictedPaths ?? [] {
            var info = stat()
            if lstat(context.absolute(path), &info) == 0 { contents[path] = try snapshot.bytes(at: path) } else { removals.insert(path) }
        }
        try lift {
            var files: [String: ObjectID] = [:]
            for (path, bytes) in contents { files[path] = try repository.writeBlob(bytes) }
            let tree = try repository.writeTree(files: files, removing: removals, base: mergedTree)
            let merge = try repository.createCommit(
                tree: tree, parents: parents, message: Self.resolvedMergeMessage(state).text, author: signature, committer: signature)
            // The work tree already holds this tree (checked above); the index learns it, then the branch moves.
            let changed = try repository.diffTrees(old: repository.commit(ours).tree, new: tree, detectRenames: false)
            try repository.stage(paths: Array(Set(changed.flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } })).sorted())
            try repository.updateReference("refs/heads/\(state.branch)", to: merge, expected: ours, logMessage: "sync: merge")
        }
    }

    /// The sync itself; the caller holds the lock.
    private func run(remote: String, snapshot: WorkspaceSnapshot, progress: @escaping @Sendable (String) -> Void) throws(WorkspaceError)
        -> SyncReport
    {
        let repository = snapshot.repository
        guard let branch = try lift({ try repository.currentBranch() }) else { throw .refused(.detachedHead) }
        var report = SyncReport(outcome: .upToDate, remote: remote, branch: branch)
        report.committedHandEdits = try snapshot.commitValidEdits { changed in
            progress("committing \(changed.count) hand edit(s)")
            return CommitMessage.naming("sync: commit hand edits", paths: changed)
        }?.description
        let credentials = Credentials(environment: context.environment)
        for attempt in 0..<5 {
            progress("fetching \(remote)")
            let upstream = try fetchUpstream(remote: remote, branch: branch, credentials: credentials, repository: repository)
            let local = try lift { try repository.headCommitID() }
            let step = try integrate(local: local, upstream: upstream, remote: remote, branch: branch, snapshot: snapshot, report: &report)
            if step == .stopped { return report }
            guard step == .push else { break }
            do {
                progress("pushing to \(remote)")
                try repository.push(remote: remote, refspecs: ["refs/heads/\(branch):refs/heads/\(branch)"], credentials: credentials)
                if report.outcome == .upToDate { report.outcome = .pushed }
                break
            } catch let error as GitError {
                // Someone pushed meanwhile: fetch, merge again and push again (a few times at most).
                guard error.isRejectedPush, attempt < 4 else { throw .git(error) }
                report.retries += 1
                progress("\(remote) moved while pushing; merging again")
            } catch {
                throw WorkspaceError(error)
            }
        }
        report.head = try lift { try repository.headCommitID() }?.description
        // Only documents that came in can have broken (a no-op sync or a push brings nothing new; checking costs a look
        // at every document's facts).
        if report.outcome == .fastForwarded || report.outcome == .merged {
            report.invalidDocuments = try context.snapshot().problems.filter { $0.severity == .error }.map(\.description)
        }
        return report
    }

    private enum IntegrationStep { case push, nothing, stopped }

    /// Brings the remote's commit into the local branch; says whether there is anything to push.
    private func integrate(
        local: ObjectID?, upstream: ObjectID?, remote: String, branch: String, snapshot: WorkspaceSnapshot, report: inout SyncReport
    ) throws(WorkspaceError) -> IntegrationStep {
        let repository = snapshot.repository
        guard let upstream else { return local == nil ? .nothing : .push }
        guard let local else {
            try snapshot.moveBranch(branch, to: upstream, from: nil)
            report.outcome = .fastForwarded
            return .nothing
        }
        if local == upstream { return .nothing }
        if try lift({ try repository.isDescendant(local, of: upstream) }) { return .push }
        if try lift({ try repository.isDescendant(upstream, of: local) }) {
            try snapshot.moveBranch(branch, to: upstream, from: local)
            report.outcome = .fastForwarded
            return .nothing
        }
        guard let base = try lift({ try repository.mergeBase(local, upstream) }) else {
            throw .refused(.unrelatedHistories("\(remote)/\(branch)", "this workspace"))
        }
        var merger = TreeMerger(repository: repository)
        let result = try lift { try merger.merge(base: base, ours: local, theirs: upstream) }
        report.mergedDocuments = result.mergedPaths
        report.relocated.merge(result.relocated) { $1 }
        let signature = try context.signature(repository)
        let message = "sync: merge \(remote)/\(branch) (\(result.mergedPaths.count) document\(result.mergedPaths.count == 1 ? "" : "s") merged)"
        let merge = try lift {
            try repository.createCommit(tree: result.tree, parents: [local, upstream], message: message, author: signature, committer: signature)
        }
        guard result.isClean else {
            // Put the merged documents in the work tree (HEAD stays), then wait for resolutions.
            let state = SyncState(
                remote: remote, branch: branch, ours: local, theirs: upstream, conflicts: result.conflicts, mergedTree: result.tree,
                operation: .sync)
            try lift {
                try WorkTreeWriter(repository: repository, root: context.root).update(from: local, to: merge)
                try snapshot.syncStates.save(state)
            }
            report.outcome = .conflicts
            report.conflicts = state.openConflicts
            return .stopped
        }
        try snapshot.moveBranch(branch, to: merge, from: local)
        report.outcome = .merged
        return .push
    }

    /// Fetches the remote and returns its copy of the branch (nil when it has none yet).
    private func fetchUpstream(remote: String, branch: String, credentials: Credentials, repository: Repository) throws(WorkspaceError)
        -> ObjectID?
    {
        clearStaleLocksOfLocalRemote(remote, repository: repository)
        do {
            _ = try repository.fetch(remote: remote, credentials: credentials, progress: nil)
        } catch let error as GitError {
            let url = (try? repository.remote(named: remote))??.url ?? remote
            if error.isAuthenticationFailure { throw .remote(.credentialsRejected(remote: remote, url: url, error)) }
            if error.isUnreachable { throw .remote(.unreachable(remote: remote, url: url, error)) }
            throw .git(error)
        } catch {
            throw WorkspaceError(error)
        }
        return try lift {
            guard let upstream = try repository.resolveReference("refs/remotes/\(remote)/\(branch)") else {
                // A remote whose branches hold no Sluice workspace at all is someone else's repository.
                let others = try repository.remoteTrackingBranches().filter { $0.hasPrefix(remote + "/") }
                let sluiceBranches = try others.filter { name in
                    guard let commit = try repository.resolveReference("refs/remotes/\(name)") else { return false }
                    return try repository.fileContents(atPath: WorkspaceLayout.manifestPath, commit: commit) != nil
                }
                if !others.isEmpty, sluiceBranches.isEmpty { throw WorkspaceError.remote(.notAWorkspace(remote: remote, branch: nil)) }
                return nil
            }
            guard try repository.fileContents(atPath: WorkspaceLayout.manifestPath, commit: upstream) != nil else {
                throw WorkspaceError.remote(.notAWorkspace(remote: remote, branch: branch))
            }
            return upstream
        }
    }

    /// A remote reached by path (or file://) is written by this process itself, so a sync killed while pushing can leave
    /// a ref lock there; clear such stale locks as in the workspace's own repository.
    private func clearStaleLocksOfLocalRemote(_ remote: String, repository: Repository) {
        guard let url = (try? repository.remote(named: remote))??.url else { return }
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        guard path.hasPrefix("/") else { return }
        let gitDirectory = FileManager.default.fileExists(atPath: path + "/.git") ? path + "/.git" : path
        guard FileManager.default.fileExists(atPath: gitDirectory + "/refs") else { return }
        context.clearStaleGitLocks(in: gitDirectory)
    }
}

extension WorkspaceSnapshot {
    /// The remote `sync` uses when none is named: `origin`, or the only one.
    func defaultRemote() throws(WorkspaceError) -> String {
        let remotes = try lift { try repository.remotes() }
        if remotes.contains(where: { $0.name == "origin" }) { return "origin" }
        guard remotes.count == 1, let only = remotes.first else {
            throw .refused(remotes.isEmpty ? .noRemote : .severalRemotes(remotes.map(\.name)))
        }
        return only.name
    }

    /// Commits every change in the work tree with the message `message(changed paths)`, or returns nil when there is
    /// none. The caller holds the lock. The whole workspace must be valid: a hand edit can break a document it did not
    /// touch (deleting a connection a flow uses), and what is committed is what other machines receive.
    func commitValidEdits(message: ([String]) -> CommitMessage) throws(WorkspaceError) -> ObjectID? {
        let changed = try status().map(\.path)
        guard !changed.isEmpty else { return nil }
        let changedSet = Set(changed)
        let errors = problems.filter { $0.severity == .error }
        let ordered = errors.filter { changedSet.contains($0.path) } + errors.filter { !changedSet.contains($0.path) }
        guard ordered.isEmpty else { throw .invalidDocuments(ordered) }
        let signature = try context.signature(repository)
        return try lift { try repository.commitAll(message: message(changed.sorted()).text, signature: signature) }
    }
}
