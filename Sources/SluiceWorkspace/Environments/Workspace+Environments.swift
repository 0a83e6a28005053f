import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

/// One product environment (a branch) as `sluice env list` shows it.
public struct EnvironmentSummary: Codable, Sendable, Hashable {
    public var name: String
    public var current: Bool
    public var head: String?
    /// Flows in the environment's last commit.
    public var flows: Int
}

extension Workspace {
    /// The environments: every local branch whose last commit holds a manifest.
    public func environments() throws -> [EnvironmentSummary] {
        let current = try gitCall { try repository.currentBranch() }
        return try gitCall { try repository.branches() }.compactMap { name in
            guard let head = try gitCall({ try repository.resolveReference("refs/heads/\(name)") }) else {
                return EnvironmentSummary(name: name, current: name == current, head: nil, flows: 0)
            }
            let tree = try gitCall { try repository.commit(head).tree }
            let files = try gitCall { try repository.treeEntries(tree, recursive: true) }
            guard files.contains(where: { $0.path == WorkspaceLayout.manifestPath }) else { return nil }
            let flows = files.filter { WorkspaceLayout.kind(at: $0.path) == .flow }.count
            return EnvironmentSummary(name: name, current: name == current, head: head.description, flows: flows)
        }
    }

    /// Creates environment `name` from the last commit of `source` (default: the current one): the same
    /// documents (notifications excepted) and a manifest naming the new environment, in one commit on the new branch.
    /// The work tree stays on the current environment.
    public func createEnvironment(_ name: String, from source: String? = nil) throws {
        guard name.range(of: DocumentSchemas.environmentPattern, options: .regularExpression) != nil else {
            throw WorkspaceError.invalidInput("environment name \"\(name)\" may contain only letters, digits, '.', '_' and '-'")
        }
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let branches = try gitCall { try repository.branches() }
        guard !branches.contains(name) else { throw WorkspaceError.refused("environment \(name) exists") }
        let sourceName = try source ?? currentEnvironment()
        guard branches.contains(sourceName), let start = try gitCall({ try repository.resolveReference("refs/heads/\(sourceName)") }) else {
            throw WorkspaceError.notFound(kind: "environment", query: sourceName)
        }
        let tree = try gitCall { try repository.commit(start).tree }
        guard let manifestBytes = try gitCall({ try repository.fileContents(atPath: WorkspaceLayout.manifestPath, commit: start) }),
            case .manifest(var manifest)? = DocumentParser.parse(path: WorkspaceLayout.manifestPath, bytes: manifestBytes).document
        else { throw WorkspaceError.refused("environment \(sourceName) has no valid \(WorkspaceLayout.manifestPath)") }
        manifest.environment = name
        let bytes = try AnyDocument.manifest(manifest).canonicalBytes(at: WorkspaceLayout.manifestPath)
        let signature = try gitCall { try repository.defaultSignature(environment: environment) }
        try gitCall {
            let blob = try repository.writeBlob(bytes)
            let newTree = try repository.writeTree(
                files: [WorkspaceLayout.manifestPath: blob], removing: [WorkspaceLayout.notificationsFolder], base: tree)
            let commit = try repository.createCommit(
                tree: newTree, parents: [start], message: "env: create \(name) from \(sourceName)", author: signature, committer: signature)
            try repository.updateReference("refs/heads/\(name)", to: commit, expected: nil, logMessage: "env: create \(name)")
        }
    }

    /// Checks out another environment. Refuses while there are uncommitted edits or a sync waits for conflicts.
    public func switchEnvironment(_ name: String) throws {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        guard try syncState() == nil else { throw WorkspaceError.refused("a sync is waiting for conflicts; finish or abort it first") }
        let changed = try gitCall { try repository.status() }
        if !changed.isEmpty {
            let paths = changed.prefix(3).map(\.path).joined(separator: ", ")
            throw WorkspaceError.refused("uncommitted edits (\(paths)\(changed.count > 3 ? ", …" : "")); commit them with `sluice commit -m` first")
        }
        guard try environments().contains(where: { $0.name == name }),
            let head = try gitCall({ try repository.resolveReference("refs/heads/\(name)") })
        else { throw WorkspaceError.notFound(kind: "environment", query: name) }
        try updateWorkTree(from: try gitCall { try repository.headCommitID() }, to: head)
        try gitCall { try repository.setHead(branch: name) }
    }

    /// Deletes an environment's branch (not the current one).
    public func deleteEnvironment(_ name: String) throws {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        guard name != (try currentEnvironment()) else {
            throw WorkspaceError.refused("\(name) is the current environment; switch to another first")
        }
        guard let head = try gitCall({ try repository.resolveReference("refs/heads/\(name)") }),
            try gitCall({ try repository.branches() }).contains(name)
        else { throw WorkspaceError.notFound(kind: "environment", query: name) }
        try gitCall { try repository.deleteReference("refs/heads/\(name)", expected: head) }
    }
}
