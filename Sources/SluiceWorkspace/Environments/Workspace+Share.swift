import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceMerge

/// A link to one flow in one environment of a repository: `sluice-flow:<url>#<environment>/<flow id>`.
public struct FlowLink: Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var environment: String
    public var flow: String

    /// Reads a link; nil when it is not one.
    public init?(_ text: String) {
        let prefix = "sluice-flow:"
        guard text.hasPrefix(prefix), let hash = text.lastIndex(of: "#") else { return nil }
        url = String(text[text.index(text.startIndex, offsetBy: prefix.count)..<hash])
        let rest = text[text.index(after: hash)...].split(separator: "/", maxSplits: 1).map(String.init)
        guard !url.isEmpty, rest.count == 2, !rest[0].isEmpty, !rest[1].isEmpty else { return nil }
        environment = rest[0]
        flow = rest[1]
    }

    /// A link to `flow` in `environment` of the repository at `url`.
    public init(url: String, environment: String, flow: String) {
        self.url = url
        self.environment = environment
        self.flow = flow
    }

    public var description: String { "sluice-flow:\(url)#\(environment)/\(flow)" }
}

/// What `sluice import` did, and what the imported flow still needs here.
public struct ImportReport: Codable, Sendable {
    public var flow: String
    public var name: String
    public var path: String
    /// Secrets, connections (by app) and environment variables to provide.
    public var requirements: [String]
    /// Conflicts of an update (local edits against upstream changes).
    public var conflicts: [MergeConflict] = []
    /// Whether the update was committed.
    public var updated: Bool = false
    /// Whether the update stopped on conflicts: the merged flow (ours kept at each conflict) is in the work tree, and
    /// `sluice resolve` then `sluice sync --continue` finish it, or `sluice sync --abort` undoes it.
    public var stopped: Bool = false
}

extension Workspace {
    /// The link a colleague in another repository or environment imports the flow with.
    public func share(_ query: String, remote name: String? = nil) throws -> FlowLink {
        let record = try flow(query)
        let remoteName = try name ?? defaultRemote()
        guard let remote = try gitCall({ try repository.remote(named: remoteName) }) else {
            throw WorkspaceError.notFound(kind: "remote", query: remoteName)
        }
        return FlowLink(url: remote.url, environment: try currentEnvironment(), flow: record.flow.id)
    }

    /// Adds the linked flow to this environment with the same id, without secret values or connection bindings.
    public func importFlow(_ link: FlowLink) throws -> ImportReport {
        let (upstream, commit) = try fetchLinkedFlow(link)
        return try mutate { changes in
            if let existing = try? flow(link.flow) {
                throw WorkspaceError.refused(
                    "flow \(link.flow) is here already (\(existing.path)); update it with `sluice import --update \(existing.slug)`")
            }
            var flow = Self.portable(upstream)
            flow.source = FlowSource(remote: link.url, environment: link.environment, flow: link.flow, commit: commit.description)
            let record = FlowRecord(slug: Slug.unique(Slug.make(from: flow.name, fallback: "flow"), taken: takenFlowSlugs()), flow: flow)
            try changes.write(.flow(flow), to: record.path)
            let report = ImportReport(flow: flow.id, name: flow.name, path: record.path, requirements: requirements(of: flow, at: record.path))
            return ("import: \"\(flow.name)\" from \(link.url) (\(link.environment))", report)
        }
    }

    /// Merges upstream changes of an imported flow with local edits, three-way; the base is the version last imported.
    public func updateImportedFlow(_ query: String) throws -> ImportReport {
        let record = try flow(query)
        guard let source = record.flow.source, let baseCommit = source.commit.flatMap(ObjectID.init(hex:)) else {
            throw WorkspaceError.refused("\"\(record.flow.name)\" was not imported; nothing to update from")
        }
        let link = FlowLink(url: source.remote, environment: source.environment, flow: source.flow)
        let (upstream, commit) = try fetchLinkedFlow(link)
        guard let baseFlow = try linkedFlow(link.flow, in: baseCommit) else {
            throw WorkspaceError.refused("the version imported last (\(baseCommit.description.prefix(10))) is not available; import the flow again")
        }
        let encoder = JSONValueEncoder()
        var ours = record.flow
        ours.source = nil
        ours.schema = nil
        let merged = JSONMerge.merge(
            base: try encoder.encode(Self.portable(baseFlow)), ours: try encoder.encode(ours), theirs: try encoder.encode(Self.portable(upstream)),
            policy: .flow)
        var report = ImportReport(flow: record.flow.id, name: record.flow.name, path: record.path, requirements: [], conflicts: merged.conflicts)
        guard let value = merged.value else { return report }
        var flow = try JSONValueDecoder().decode(Flow.self, from: value)
        flow.source = FlowSource(remote: source.remote, environment: source.environment, flow: source.flow, commit: commit.description)
        guard merged.isClean else {
            try stopImportUpdate(flow, at: record.path, conflicts: merged.conflicts, upstream: commit, remote: source.remote)
            report.stopped = true
            return report
        }
        try mutate { changes in
            try changes.write(.flow(flow), to: record.path)
            return ("import: update \"\(flow.name)\" from \(source.remote) (\(source.environment))", ())
        }
        report.requirements = requirements(of: flow, at: record.path)
        report.updated = true
        return report
    }

    /// Stops an update like a sync with conflicts: the merged flow (ours kept at each conflict) goes into the work tree,
    /// the conflicts wait for `sluice resolve`, and `sluice sync --continue` commits it (or `--abort` undoes it).
    private func stopImportUpdate(_ flow: Flow, at path: String, conflicts: [MergeConflict], upstream: ObjectID, remote: String) throws {
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        try refuseDuringStoppedSync()
        guard let ours = try gitCall({ try repository.headCommitID() }) else { throw WorkspaceError.refused("the environment has no commits") }
        let bytes = try AnyDocument.flow(flow).canonicalBytes(at: path)
        let signature = try gitCall { try repository.defaultSignature(environment: environment) }
        let (tree, merged) = try gitCall {
            let tree = try repository.writeTree(files: [path: try repository.writeBlob(bytes)], removing: [], base: repository.commit(ours).tree)
            let merged = try repository.createCommit(
                tree: tree, parents: [ours], message: "import: update \(path) (stopped on conflicts)", author: signature, committer: signature)
            return (tree, merged)
        }
        try updateWorkTree(from: ours, to: merged)
        try saveSyncState(
            SyncState(
                remote: remote, branch: try currentEnvironment(), ours: ours.description, theirs: upstream.description, conflicts: [path: conflicts],
                mergedTree: tree.description, conflictedPaths: [path], operation: "import"))
    }

    /// Fetches the link's environment into `refs/sluice/import/<flow id>` and reads the flow there.
    private func fetchLinkedFlow(_ link: FlowLink) throws -> (Flow, ObjectID) {
        let reference = "refs/sluice/import/\(link.flow)"
        do {
            try repository.fetch(
                url: link.url, refspecs: ["+refs/heads/\(link.environment):\(reference)"], credentials: Credentials(environment: environment))
        } catch let error as GitError {
            throw WorkspaceError.refused("cannot fetch \(link.environment) from \(link.url): \(error.message)")
        }
        guard let commit = try gitCall({ try repository.resolveReference(reference) }) else {
            throw WorkspaceError.refused("\(link.url) has no environment \(link.environment)")
        }
        guard let flow = try linkedFlow(link.flow, in: commit) else {
            throw WorkspaceError.notFound(kind: "flow in \(link.environment) of \(link.url)", query: link.flow)
        }
        return (flow, commit)
    }

    private func linkedFlow(_ id: String, in commit: ObjectID) throws -> Flow? {
        let tree = try gitCall { try repository.commit(commit).tree }
        for entry in try gitCall({ try repository.treeEntries(tree, recursive: true) }) where WorkspaceLayout.kind(at: entry.path) == .flow {
            let parsed = DocumentParser.parse(path: entry.path, bytes: try gitCall { try repository.blob(entry.id) })
            if case .flow(let flow)? = parsed.document, flow.id == id { return flow }
        }
        return nil
    }

    /// The flow as it travels: no connection bindings, no source, disabled.
    static func portable(_ flow: Flow) -> Flow {
        var copy = flow
        copy.schema = nil
        copy.source = nil
        copy.enabled = false
        copy.unbindConnections { _ in true }
        return copy
    }

    /// What a flow uses that this environment lacks: secret values, connections per app, environment variables.
    func requirements(of flow: Flow, at path: String) -> [String] {
        var needs: Set<String> = []
        let secretsPath = path.replacingOccurrences(of: "flow.json", with: "secrets.json")
        let secrets: Set<String> = if case .flowSecrets(let document)? = (try? load(secretsPath))?.document { Set(document.secrets.keys) } else { [] }
        let variables = Set((try? environmentVariables().variables.keys).map(Array.init) ?? [])
        for block in flow.authoredBlocks where block.connection == nil {
            if let type = BlockCatalog.type(block.type), let app = type.app, type.requiresConnection {
                needs.insert("a \(app) connection for block \"\(block.id)\" (`sluice flows connect`)")
            }
        }
        for reference in DynamicValues.references(in: (try? JSONValueEncoder().encode(flow)) ?? .null) {
            guard let key = reference.segments.first else { continue }
            if reference.namespace == .secrets, !secrets.contains(key) { needs.insert("secret \(key) (`sluice flows secrets FLOW set \(key)`)") }
            if reference.namespace == .env, !variables.contains(key) {
                needs.insert("environment variable \(key) (`sluice env vars set \(key) VALUE`)")
            }
        }
        return needs.sorted()
    }
}
