import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

/// One product environment (a branch) as `sluice env list` shows it.
public struct EnvironmentSummary: Codable, Sendable, Hashable {
    public var name: String
    public var current: Bool
    public var head: String?
    /// Flows in the environment's last commit.
    public var flows: Int
}

/// Product environments: the branches of the workspace, their variables, and promoting flows between them.
public struct EnvironmentService: Sendable {
    let context: WorkspaceContext

    /// The environments of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The environments: every local branch whose last commit holds a manifest.
    public func list() throws(WorkspaceError) -> [EnvironmentSummary] {
        try Self.environments(in: context.repository())
    }

    /// Creates environment `name` from the last commit of `source` (default: the current one): the same documents
    /// (notifications excepted) and a manifest naming the new environment, in one commit on the new branch. The work
    /// tree stays on the current environment.
    public func create(_ name: String, from source: String? = nil) throws(WorkspaceError) {
        guard name.range(of: DocumentSchemas.environmentPattern, options: .regularExpression) != nil else {
            throw .invalidInput("environment name \"\(name)\" may contain only letters, digits, '.', '_' and '-'")
        }
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        let branches = try lift { try repository.branches() }
        guard !branches.contains(name) else { throw .refused(.environmentExists(name)) }
        let sourceName = if let source { source } else { try snapshot.currentEnvironment() }
        guard branches.contains(sourceName), let start = try lift({ try repository.resolveReference("refs/heads/\(sourceName)") }) else {
            throw .notFound(.environment, query: sourceName)
        }
        let manifestBytes = try lift { try repository.fileContents(atPath: WorkspaceLayout.manifestPath, commit: start) }
        guard let manifestBytes,
            case .manifest(var manifest)? = DocumentParser.parse(path: WorkspaceLayout.manifestPath, bytes: manifestBytes).document
        else { throw .refused(.environmentWithoutManifest(sourceName)) }
        manifest.environment = name
        let bytes = try lift { try AnyDocument.manifest(manifest).canonicalBytes(at: WorkspaceLayout.manifestPath) }
        let signature = try context.signature(repository)
        try lift {
            let blob = try repository.writeBlob(bytes)
            let tree = try repository.writeTree(
                files: [WorkspaceLayout.manifestPath: blob], removing: [WorkspaceLayout.notificationsFolder], base: repository.commit(start).tree)
            let commit = try repository.createCommit(
                tree: tree, parents: [start], message: "env: create \(name) from \(sourceName)", author: signature, committer: signature)
            try repository.updateReference("refs/heads/\(name)", to: commit, expected: nil, logMessage: "env: create \(name)")
        }
    }

    /// Checks out another environment. Refuses while there are uncommitted edits or a merge waits for conflicts.
    public func switchTo(_ name: String) throws(WorkspaceError) {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        try snapshot.refuseDuringStoppedMerge()
        let changed = try snapshot.status()
        if !changed.isEmpty { throw .refused(.uncommittedEdits(changed.map(\.path))) }
        guard try Self.environments(in: repository).contains(where: { $0.name == name }),
            let head = try lift({ try repository.resolveReference("refs/heads/\(name)") })
        else { throw .notFound(.environment, query: name) }
        try lift {
            try WorkTreeWriter(repository: repository, root: context.root).update(from: try repository.headCommitID(), to: head)
            try repository.setHead(branch: name)
        }
    }

    /// Deletes an environment's branch (not the current one).
    public func delete(_ name: String) throws(WorkspaceError) {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        guard name != (try snapshot.currentEnvironment()) else { throw .refused(.currentEnvironment(name)) }
        guard let head = try lift({ try repository.resolveReference("refs/heads/\(name)") }),
            try lift({ try repository.branches() }).contains(name)
        else { throw .notFound(.environment, query: name) }
        try lift { try repository.deleteReference("refs/heads/\(name)", expected: head) }
    }

    static func environments(in repository: Repository) throws(WorkspaceError) -> [EnvironmentSummary] {
        try lift {
            let current = try repository.currentBranch()
            return try repository.branches().compactMap { name in
                guard let head = try repository.resolveReference("refs/heads/\(name)") else {
                    return EnvironmentSummary(name: name, current: name == current, head: nil, flows: 0)
                }
                let files = try repository.treeEntries(try repository.commit(head).tree, recursive: true)
                guard files.contains(where: { $0.path == WorkspaceLayout.manifestPath }) else { return nil }
                let flows = files.filter { WorkspaceLayout.kind(at: $0.path) == .flow }.count
                return EnvironmentSummary(name: name, current: name == current, head: head.description, flows: flows)
            }
        }
    }
}
