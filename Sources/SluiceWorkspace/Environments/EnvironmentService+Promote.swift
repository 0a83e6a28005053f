import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

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

    /// Whether the promotion changes nothing.
    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
}

extension EnvironmentService {
    /// Merges the portable documents (flow definitions) of environment `source` into the current environment, never
    /// its environment-local ones (secrets, variables, connections, notifications, manifest). `flows` limits it to some
    /// flows (ids, slugs or names in the source). Conflicts stop it as in sync.
    public func promote(from source: String, to target: String? = nil, flows: [String] = [], dryRun: Bool) throws(WorkspaceError) -> PromotionPlan {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        try snapshot.refuseDuringStoppedMerge()
        let current = try snapshot.currentEnvironment()
        if let target, target != current { throw .refused(.promoteElsewhere(target: target)) }
        guard source != current else { throw .invalidInput("cannot promote \(source) into itself") }
        guard let theirs = try lift({ try repository.resolveReference("refs/heads/\(source)") }),
            try lift({ try repository.branches() }).contains(source)
        else { throw .notFound(.environment, query: source) }
        guard let ours = try lift({ try repository.headCommitID() }) else { throw .refused(.noCommits(environment: current)) }
        guard let base = try lift({ try repository.mergeBase(ours, theirs) }) else { throw .refused(.unrelatedHistories(source, current)) }
        let selected = try selectedFolders(flows, in: theirs, source: source, repository: repository)
        var merger = TreeMerger(repository: repository)
        let result = try lift {
            try merger.merge(base: base, ours: ours, theirs: theirs) { path in
                guard WorkspaceLayout.kind(at: path)?.portability == .portable else { return false }
                return selected.map { $0.contains(path.split(separator: "/").prefix(2).joined(separator: "/")) } ?? true
            }
        }
        var plan = try describe(from: source, to: current, before: ours, after: result.tree, snapshot: snapshot)
        plan.conflicts = DocumentConflict.list(result.conflicts)
        guard !dryRun, !plan.isEmpty || !plan.conflicts.isEmpty else { return plan }
        let signature = try context.signature(repository)
        let summary = "promote: \(plan.added.count) added, \(plan.changed.count) changed, \(plan.removed.count) removed from \(source)"
        let commit = try lift {
            try repository.createCommit(tree: result.tree, parents: [ours], message: summary, author: signature, committer: signature)
        }
        let writer = WorkTreeWriter(repository: repository, root: context.root)
        guard result.isClean else {
            try lift {
                try writer.update(from: ours, to: commit)
                try snapshot.syncStates.save(
                    SyncState(
                        remote: source, branch: current, ours: ours, theirs: theirs, conflicts: result.conflicts, mergedTree: result.tree,
                        operation: .promote))
            }
            return plan
        }
        try snapshot.moveBranch(current, to: commit, from: ours)
        plan.commit = commit.description
        return plan
    }

    /// The `flows/<slug>` folders (in the source) of the flows asked for; nil for all.
    private func selectedFolders(_ queries: [String], in commit: ObjectID, source: String, repository: Repository) throws(WorkspaceError)
        -> Set<String>?
    {
        guard !queries.isEmpty else { return nil }
        let flows = try lift {
            try repository.treeEntries(repository.commit(commit).tree, recursive: true).filter { WorkspaceLayout.kind(at: $0.path) == .flow }
        }
        var folders: Set<String> = []
        for query in queries {
            let matches = flows.filter { entry in
                let value = try? JSONParser.parse(repository.blob(entry.id))
                let folder = entry.path.split(separator: "/").prefix(2).joined(separator: "/")
                return value?["id"]?.stringValue == query || folder == "flows/\(query)"
                    || value?["name"]?.stringValue?.lowercased() == query.lowercased()
            }
            guard let match = matches.first else { throw .notFound(.flowIn(source), query: query) }
            folders.insert(match.path.split(separator: "/").prefix(2).joined(separator: "/"))
        }
        return folders
    }

    /// Flows added, changed and removed between two trees, and what the promoted flows need that this environment lacks.
    private func describe(from source: String, to target: String, before: ObjectID, after tree: ObjectID, snapshot: WorkspaceSnapshot)
        throws(WorkspaceError) -> PromotionPlan
    {
        let repository = snapshot.repository
        var plan = PromotionPlan(from: source, to: target)
        let variables = Set((try? snapshot.environmentVariables().variables.keys).map(Array.init) ?? [])
        let connections = Set(snapshot.connections().map(\.connection.id))
        var added: [String: String] = [:]
        var removed: [String: String] = [:]
        let changes = try lift { try repository.diffTrees(old: repository.commit(before).tree, new: tree, detectRenames: false) }
        for change in changes where WorkspaceLayout.kind(at: change.path) == .flow {
            guard let blob = change.newID ?? change.oldID,
                case .flow(let flow)? = DocumentParser.parse(path: change.path, bytes: try lift { try repository.blob(blob) }).document
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
                if case .flowSecrets(let document)? = snapshot.document(at: secretsPath).document { Set(document.secrets.keys) } else { [] }
            for block in flow.authoredBlocks {
                if let id = block.connection, !connections.contains(id) {
                    plan.requirements.append("connection \(id) (block \"\(block.id)\" of \(label))")
                }
            }
            for reference in DynamicValues.references(in: (try? JSONValueEncoder().encode(flow)) ?? .null) {
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
