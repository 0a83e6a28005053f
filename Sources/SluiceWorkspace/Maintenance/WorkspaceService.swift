import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

/// What `sluice status` reports.
public struct WorkspaceStatus: Codable, Sendable {
    /// One changed file in the work tree.
    public struct Change: Codable, Sendable, Hashable {
        public var path: String
        /// `added`, `modified`, `deleted`, `renamed`, `untracked`, …
        public var change: String
        /// Whether the file has errors (documents only).
        public var valid: Bool
    }
    public var environment: String
    public var head: String?
    public var headSummary: String?
    public var changes: [Change]
    public var problems: [String]
    public var errors: Int
    public var warnings: Int
    /// Ahead/behind against each remote's copy of this environment (as of the last fetch).
    public var remotes: [RemoteSummary] = []
    /// Conflicts waiting for `sluice resolve`.
    public var openConflicts: Int = 0
}

/// What `sluice fmt` did or would do.
public struct FormatResult: Codable, Sendable {
    /// Documents not in canonical form (rewritten unless checking).
    public var reformatted: [String]
    /// Documents with errors, left alone.
    public var skipped: [String]
    /// The commit made for documents that had no uncommitted edits.
    public var commit: String?
}

/// The workspace as a whole: creating it, its status, validation, canonical form, committing hand edits, and the
/// set-up checks of `doctor`.
public struct WorkspaceService: Sendable {
    let context: WorkspaceContext

    /// The workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }
}

extension WorkspaceService {
    /// Every problem in the workspace, or only in documents under `paths` (workspace-relative files or folders).
    public func validate(paths: [String] = []) throws(WorkspaceError) -> [Problem] {
        let problems = try context.snapshot().problems
        guard !paths.isEmpty else { return problems }
        let folders = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return problems.filter { problem in
            folders.contains { $0.isEmpty || $0 == "." || problem.path == $0 || problem.path.hasPrefix($0 + "/") }
        }
    }

    /// Rewrites valid documents into canonical form; with `check`, only reports them. Documents without uncommitted
    /// edits are committed; hand-edited ones stay for `sluice commit`.
    public func format(check: Bool) throws(WorkspaceError) -> FormatResult {
        // Read under the lock, so a stale copy never overwrites another operation's change.
        let lock = check ? nil : try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let documents = snapshot.documents(of: Set(DocumentKind.allCases))
        let uncanonical = documents.filter { $0.document != nil && !$0.isCanonical }
        let skipped = documents.filter { $0.document == nil }.map(\.path)
        guard !check, !uncanonical.isEmpty else { return FormatResult(reformatted: uncanonical.map(\.path), skipped: skipped, commit: nil) }
        let edited = Set(try snapshot.status().map(\.path))
        var changes = ChangeSet()
        for parsed in uncanonical {
            guard let document = parsed.document else { continue }
            if edited.contains(parsed.path) {
                try lift { try AtomicFile.write(try document.canonicalBytes(at: parsed.path), to: context.absolute(parsed.path)) }
            } else {
                try changes.write(document, to: parsed.path)
            }
        }
        let count = changes.writes.count
        let commit =
            count == 0
            ? nil
            : try context.apply(
                changes, message: "fmt: canonical form for \(count) document\(count == 1 ? "" : "s")", repository: snapshot.repository)
        return FormatResult(reformatted: uncanonical.map(\.path), skipped: skipped, commit: commit?.description)
    }

    /// The environment, the last commit, uncommitted changes, invalid documents, remotes and open conflicts.
    public func status() throws(WorkspaceError) -> WorkspaceStatus {
        let snapshot = try context.snapshot()
        snapshot.startReadingCache()
        let entries = try snapshot.status()
        let problems = snapshot.problems
        let invalidPaths = Set(problems.filter { $0.severity == .error }.map(\.path))
        let changes = entries.map { entry in
            WorkspaceStatus.Change(path: entry.path, change: Self.describe(entry), valid: !invalidPaths.contains(entry.path))
        }
        let repository = snapshot.repository
        let head = try lift { try repository.headCommitID() }
        let summary = try lift { try head.map { try repository.commit($0).summary } }
        return WorkspaceStatus(
            environment: try snapshot.currentEnvironment(), head: head?.description, headSummary: summary, changes: changes,
            problems: problems.map(\.description), errors: problems.filter { $0.severity == .error }.count,
            warnings: problems.filter { $0.severity == .warning }.count, remotes: try SyncService.remoteSummaries(repository),
            openConflicts: try snapshot.openConflicts().count)
    }

    /// Validates hand edits and commits every change in the work tree. Refuses while a changed document has errors.
    public func commit(message: String) throws(WorkspaceError) -> ObjectID? {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        try snapshot.refuseDuringStoppedMerge()
        return try snapshot.commitValidEdits { _ in CommitMessage(message) }
    }

    static func describe(_ entry: StatusEntry) -> String {
        (entry.workdir ?? entry.index).map { "\($0)" } ?? "unchanged"
    }
}
