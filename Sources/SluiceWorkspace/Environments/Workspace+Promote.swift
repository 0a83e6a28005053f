import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceMerge

/// What `sluice promote` will do or did.
public struct PromotionPlan: Codable, Sendable {
    public var from: String
    public var to: String
    /// Flow names (with ids) that the target gains, changes or loses.
    public var added: [String] = []
    public var changed: [String] = []
    public var removed: [String] = []
    /// What promoted flows use that the target lacks: `connection con_…`, `secret KEY of "Flow"`, `environment variable KEY`.
    public var requirements: [String] = []
    public var conflicts: [DocumentConflict] = []
    /// The commit made (nil for a dry run, an empty plan, or conflicts).
    public var commit: String?
}

extension Workspace {
    /// Merges the portable documents (flow definitions) of environment `source` into the current environment,
    /// never its environment-local ones (secrets, variables, connections, notifications, manifest).
    /// `flows` limits it to some flows (ids, slugs or names in the source). Conflicts stop it as in sync.
    public func promote(from source: String, to target: String? = nil, flows: [String] = [], dryRun: Bool) throws -> PromotionPlan {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        try refuseDuringStoppedSync()
        let current = try currentEnvironment()
        guard target == nil || target == current else {
            throw WorkspaceError.refused("promote into \(target ?? "") from its own checkout: `sluice env switch \(target ?? "")` first")
        }
        guard source != current else { throw WorkspaceError.invalidInput("cannot promote \(source) into itself") }
        guard let theirs = try gitCall({ try repository.resolveReference("refs/heads/\(source)") }),
            try gitCall({ try repository.branches() }).contains(source)
        else { throw WorkspaceError.notFound(kind: "environment", query: source) }
        guard let ours = try gitCall({ try repository.headCommitID() }) else { throw WorkspaceError.refused("\(current) has no commits") }
        guard let base = try gitCall({ try repository.mergeBase(ours, theirs) }) else {
            throw WorkspaceError.refused("\(source) and \(current) have unrelated histories")
        }
        let selected = try selectedFolders(flows, in: theirs, source: source)
        var merger = TreeMerger(repository: repository)
        var result = try gitCall {
            try merger.merge(base: base, ours: ours, theirs: theirs) { path in
                guard WorkspaceLayout.kind(at: path)?.portability == .portable else { return false }
                return selected.map { $0.contains(path.split(separator: "/").prefix(2).joined(separator: "/")) } ?? true
            }
        }
        try checkMergedDocuments(&result)
        var plan = try describe(from: source, to: current, before: ours, after: result.tree)
        plan.conflicts = DocumentConflict.list(result.conflicts)
        guard !dryRun, !(plan.added + plan.changed + plan.removed).isEmpty || !plan.conflicts.isEmpty else { return plan }
        let signature = try gitCall { try repository.defaultSignature(environment: environment) }
        let summary = "promote: \(plan.added.count) added, \(plan.changed.count) changed, \(plan.removed.count) removed from \(source)"
        let commit = try gitCall {
            try repository.createCommit(tree: result.tree, parents: [ours], message: summary, author: signature, committer: signature)
        }
        guard result.isClean else {
            try updateWorkTree(from: ours, to: commit)
            try saveSyncState(
                SyncState(
                    remote: source, branch: current, ours: ours.description, theirs: theirs.description, conflicts: result.conflicts,
                    mergedTree: result.tree.description, conflictedPaths: result.conflicts.keys.sorted(), operation: "promote"))
            return plan
        }
        try moveBranch(current, to: commit, from: ours)
        plan.commit = commit.description
        return plan
    }

    /// The `flows/<slug>` folders (in the source and the merge base) of the flows asked for; nil for all.
    private func selectedFolders(_ queries: [String], in commit: ObjectID, source: String) throws -> Set<String>? {
        guard !queries.isEmpty else { return nil }
        let tree = try gitCall { try repository.commit(commit).tree }
        var folders: Set<String> = []
        let flows = try gitCall { try repository.treeEntries(tree, recursive: true) }.filter { WorkspaceLayout.kind(at: $0.path) == .flow }
        for query in queries {
            let matches = flows.filter { entry in
                let value = try? JSONParser.parse(gitCall { try repository.blob(entry.id) })
                let folder = entry.path.split(separator: "/").prefix(2).joined(separator: "/")
                return value?["id"]?.stringValue == query || folder == "flows/\(query)"
                    || value?["name"]?.stringValue?.lowercased() == query.lowercased()
            }
            guard let match = matches.first else { throw WorkspaceError.notFound(kind: "flow in \(source)", query: query) }
            folders.insert(match.path.split(separator: "/").prefix(2).joined(separator: "/"))
        }
        return folders
    }

    /// Flows added, changed and removed between two trees, and what the promoted flows need that this environment lacks.
    private func describe(from source: String, to target: String, before: ObjectID, after tree: ObjectID) throws -> PromotionPlan {
        var plan = PromotionPlan(from: source, to: target)
        let beforeTree = try gitCall { try repository.commit(before).tree }
        let variables = Set((try? environmentVariables().variables.keys).map(Array.init) ?? [])
        let connections = Set(connections().map(\.connection.id))
        var added: [String: String] = [:]
        var removed: [String: String] = [:]
        for change in try gitCall({ try repository.diffTrees(old: beforeTree, new: tree, detectRenames: false) }) {
            guard WorkspaceLayout.kind(at: change.path) == .flow else { continue }
            let blob = change.newID ?? change.oldID
            guard let blob, case .flow(let flow)? = DocumentParser.parse(path: change.path, bytes: try gitCall { try repository.blob(blob) }).document
            else { continue }
            let label = "\"\(flow.name)\" (\(flow.id))"
            switch change.status {
            case .added: added[flow.id] = label
            case .deleted: removed[flow.id] = label
            default: plan.changed.append(label)
            }
            guard change.newID != nil else { continue }
            let secretsPath = change.path.replacingOccurrences(of: "flow.json", with: "secrets.json")
            let secrets: Set<String> =
                if case .flowSecrets(let document)? = (try? load(secretsPath))?.document { Set(document.secrets.keys) } else { [] }
            for block in flow.authoredBlocks {
                if let id = block.connection, !connections.contains(id) {
                    plan.requirements.append("connection \(id) (block \"\(block.id)\" of \(label))")
                }
            }
            let references = DynamicValues.references(in: (try? JSONValueEncoder().encode(flow)) ?? .null)
            for reference in references {
                guard let key = reference.segments.first else { continue }
                if reference.namespace == .secrets, !secrets.contains(key) { plan.requirements.append("secret \(key) of \(label)") }
                if reference.namespace == .env, !variables.contains(key) { plan.requirements.append("environment variable \(key)") }
            }
        }
        // A flow whose folder moved (renamed) is one changed flow, not one removed and one added.
        for (id, label) in added {
            if removed.removeValue(forKey: id) != nil { plan.changed.append(label) } else { plan.added.append(label) }
        }
        plan.removed = removed.values.sorted()
        plan.added.sort()
        plan.changed.sort()
        plan.requirements = Array(Set(plan.requirements)).sorted()
        return plan
    }
}
