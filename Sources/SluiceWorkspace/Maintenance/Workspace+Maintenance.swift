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

extension Workspace {
    /// Every problem in the workspace, or only in documents under `paths` (workspace-relative files or folders).
    /// `status` is the repository's status when the caller has it.
    public func validate(paths: [String] = [], status: [StatusEntry]? = nil) -> [Problem] {
        var problems = workspaceProblems(status: status)
        if !FileManager.default.fileExists(atPath: absolute(WorkspaceLayout.manifestPath)) {
            problems.append(Problem(path: WorkspaceLayout.manifestPath, message: "missing environment manifest"))
        }
        guard !paths.isEmpty else { return problems }
        let folders = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return problems.filter { problem in
            folders.contains { $0.isEmpty || $0 == "." || problem.path == $0 || problem.path.hasPrefix($0 + "/") }
        }
    }

    /// Rewrites valid documents into canonical form; with `check`, only reports them.
    /// Documents without uncommitted edits are committed; hand-edited ones stay for `sluice commit`.
    public func format(check: Bool) throws -> FormatResult {
        // Read under the lock, so a stale copy never overwrites another command's change.
        let lock = check ? nil : try lock()
        defer { withExtendedLifetime(lock) {} }
        let documents = loadDocuments(checkReferences: false)
        let uncanonical = documents.filter { $0.document != nil && !$0.isCanonical }
        let skipped = documents.filter { $0.document == nil }.map(\.path)
        guard !check, !uncanonical.isEmpty else {
            return FormatResult(reformatted: uncanonical.map(\.path), skipped: skipped, commit: nil)
        }
        let edited = Set(try gitCall { try repository.status() }.map(\.path))
        var changes = ChangeSet()
        for parsed in uncanonical {
            guard let document = parsed.document else { continue }
            if edited.contains(parsed.path) {
                try AtomicFile.write(try document.canonicalBytes(at: parsed.path), to: absolute(parsed.path))
            } else {
                try changes.write(document, to: parsed.path)
            }
        }
        let count = changes.writes.count
        let commit = count == 0 ? nil : try apply(changes, message: "fmt: canonical form for \(count) document\(count == 1 ? "" : "s")")
        return FormatResult(reformatted: uncanonical.map(\.path), skipped: skipped, commit: commit?.description)
    }

    /// The environment, the last commit, uncommitted changes and invalid documents.
    public func status() throws -> WorkspaceStatus {
        prefetchDocumentFacts()
        let entries = try gitCall { try repository.status() }
        let problems = validate(status: entries)
        let invalidPaths = Set(problems.filter { $0.severity == .error }.map(\.path))
        let changes = entries.map { entry in
            WorkspaceStatus.Change(path: entry.path, change: Self.describe(entry), valid: !invalidPaths.contains(entry.path))
        }
        let head = try gitCall { try repository.headCommitID() }
        let summary = try head.map { id in try gitCall { try repository.commit(id).summary } }
        return WorkspaceStatus(
            environment: try currentEnvironment(), head: head?.description, headSummary: summary, changes: changes,
            problems: problems.map(\.description), errors: problems.filter { $0.severity == .error }.count,
            warnings: problems.filter { $0.severity == .warning }.count,
            remotes: try remoteSummaries(), openConflicts: try openConflicts().count
        )
    }

    /// Validates hand edits and commits every change in the work tree. Refuses while a changed document has errors.
    public func commitHandEdits(message: String) throws -> ObjectID? {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        try refuseDuringStoppedSync()
        return try commitValidEdits { _ in message }
    }

    /// Commits every change in the work tree with the message `message(changed paths)`, or returns nil when there is
    /// none. The caller holds the lock. The whole workspace must be valid: a hand edit can break a document it did not
    /// touch (deleting a connection a flow uses), and what is committed is what other machines receive.
    func commitValidEdits(message: ([String]) -> String) throws -> ObjectID? {
        let entries = try gitCall { try repository.status() }
        let changed = entries.map(\.path)
        guard !changed.isEmpty else { return nil }
        let changedSet = Set(changed)
        let problems = validate(status: entries).filter { $0.severity == .error }
        let errors = problems.filter { changedSet.contains($0.path) } + problems.filter { !changedSet.contains($0.path) }
        guard errors.isEmpty else { throw WorkspaceError.invalidDocuments(errors) }
        return try gitCall {
            try repository.commitAll(message: message(changed.sorted()), signature: repository.defaultSignature(environment: environment))
        }
    }

    static func describe(_ entry: StatusEntry) -> String {
        let change = entry.workdir ?? entry.index
        return change.map { "\($0)" } ?? "unchanged"
    }
}
