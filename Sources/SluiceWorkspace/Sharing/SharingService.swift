import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceMerge
import SluiceSync

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
        guard !url.isEmpty, rest.count == 2, Self.isSafeName(rest[0]), Slug.problem(withKey: rest[1]) == nil else { return nil }
        environment = rest[0]
        flow = rest[1]
    }

    /// Whether an environment name from a link can be part of a git reference: letters, digits, `.`, `_` and `-`, not
    /// starting with `.` or `-`, without `..` or a `.lock` ending.
    static func isSafeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != ".", first != "-", !name.contains(".."), !name.hasSuffix(".lock") else { return false }
        return name.count <= 200
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
            }
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
    public var conflicts: [Conflict] = []
    /// Whether the update was committed.
    public var updated: Bool = false
    /// Whether the update stopped on conflicts: the merged flow (ours kept at each conflict) is in the work tree, and
    /// `sluice resolve` then `sluice sync --continue` finish it, or `sluice sync --abort` undoes it.
    public var stopped: Bool = false
}

/// One flow across repositories and environments: a link to share it, importing it, and merging its upstream changes.
public struct SharingService: Sendable {
    let context: WorkspaceContext

    /// Sharing flows of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The link a colleague in another repository or environment imports the flow with.
    public func share(_ query: String, remote name: String? = nil) throws(WorkspaceError) -> FlowLink {
        let snapshot = try context.snapshot()
        let record = try snapshot.flow(query)
        let remoteName = if let name { name } else { try snapshot.defaultRemote() }
        guard let remote = try lift({ try snapshot.repository.remote(named: remoteName) }) else { throw .notFound(.remote, query: remoteName) }
        return FlowLink(url: remote.url, environment: try snapshot.currentEnvironment(), flow: record.flow.id)
    }

    /// Adds the linked flow to this environment with the same id, without secret values or connection bindings.
    public func importFlow(_ link: FlowLink) throws(WorkspaceError) -> ImportReport {
        let repository = try context.repository()
        let reference = Self.importReference(link.flow)
        let before = try lift { try repository.resolveReference(reference) }
        do {
            return try importFlow(link, repository: repository)
        } catch {
            // A failed import leaves the reference as it was: gone, or at the base of an earlier import.
            if let after = try? repository.resolveReference(reference), after != before {
                if let before {
                    try? repository.updateReference(reference, to: before, expected: after, logMessage: "import: failed, restored")
                } else {
                    try? repository.deleteReference(reference, expected: after)
                }
            }
            throw error
        }
    }

    /// The reference an import fetches a flow's environment into; it keeps the imported version for later updates.
    static func importReference(_ flow: String) -> String { "refs/sluice/import/\(flow)" }

    private func importFlow(_ link: FlowLink, repository: Repository) throws(WorkspaceError) -> ImportReport {
        let (upstream, commit) = try fetchLinkedFlow(link, repository: repository)
        return try context.mutate { snapshot, changes in
            if let existing = try? snapshot.flow(link.flow) {
                throw WorkspaceError.refused(.alreadyImported(flow: link.flow, path: existing.path, slug: existing.slug))
            }
            var flow = Self.portable(upstream)
            flow.source = FlowSource(remote: link.url, environment: link.environment, flow: link.flow, commit: commit.description)
            let slug = Slug.unique(Slug.make(from: flow.name, fallback: "flow"), taken: snapshot.takenNames(in: WorkspaceLayout.flowsFolder))
            let record = FlowRecord(slug: slug, flow: flow)
            try changes.write(.flow(flow), to: record.path)
            let report = ImportReport(
                flow: flow.id, name: flow.name, path: record.path, requirements: snapshot.requirements(of: flow, at: record.path))
            return ("import: \"\(flow.name)\" from \(link.url) (\(link.environment))", report)
        }
    }

    /// Merges upstream changes of an imported flow with local edits, three-way; the base is the version last imported.
    /// On conflicts it stops like a sync: `sluice resolve`, then `sync --continue` (or `--abort`).
    public func updateImportedFlow(_ query: String) throws(WorkspaceError) -> ImportReport {
        let snapshot = try context.snapshot()
        let record = try snapshot.flow(query)
        guard let source = record.flow.source, let baseCommit = source.commit.flatMap(ObjectID.init(hex:)) else {
            throw .refused(.notImported(flow: record.flow.name))
        }
        let link = FlowLink(url: source.remote, environment: source.environment, flow: source.flow)
        let (upstream, commit) = try fetchLinkedFlow(link, repository: snapshot.repository)
        guard let baseFlow = try linkedFlow(link.flow, in: baseCommit, repository: snapshot.repository) else {
            throw .refused(.importBaseMissing(commit: baseCommit.description))
        }
        var ours = record.flow
        ours.source = nil
        // The same merge as sync and the merge driver: the flow's rules, and a rule the combination breaks is a conflict.
        let encode = { (flow: Flow) throws -> [UInt8] in try AnyDocument.flow(flow).canonicalBytes(at: record.path) }
        let merged = try lift {
            try DocumentMerger.merge(
                DocumentMerger.Input(
                    base: encode(Self.portable(baseFlow)), ours: encode(ours), theirs: encode(Self.portable(upstream)), path: record.path,
                    names: (record.path, record.path, record.path)))
        }
        guard case .structural(let bytes, let conflicts) = merged else {
            throw WorkspaceError.invalidInput("\(record.path): a version is not JSON")
        }
        var report = ImportReport(flow: record.flow.id, name: record.flow.name, path: record.path, requirements: [], conflicts: conflicts)
        guard let bytes else { return report }
        var flow = try lift { try JSONValueDecoder().decode(Flow.self, from: try JSONParser.parse(bytes)) }
        flow.source = FlowSource(remote: source.remote, environment: source.environment, flow: source.flow, commit: commit.description)
        guard conflicts.isEmpty else {
            try stopUpdate(flow, at: record.path, conflicts: conflicts, upstream: commit, remote: source.remote)
            report.stopped = true
            return report
        }
        let updated = flow
        try context.mutate { _, changes in
            try changes.write(.flow(updated), to: record.path)
            return ("import: update \"\(updated.name)\" from \(source.remote) (\(source.environment))", ())
        }
        report.requirements = try context.snapshot().requirements(of: flow, at: record.path)
        report.updated = true
        return report
    }

    /// Stops an update like a sync with conflicts: the merged flow (ours kept at each conflict) goes into the work tree,
    /// the conflicts wait for `sluice resolve`, and `sluice sync --continue` commits it (or `--abort` undoes it).
    private func stopUpdate(_ flow: Flow, at path: String, conflicts: [Conflict], upstream: ObjectID, remote: String) throws(WorkspaceError) {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        try snapshot.refuseDuringStoppedMerge()
        guard let ours = try lift({ try repository.headCommitID() }) else {
            throw .refused(.noCommits(environment: try snapshot.currentEnvironment()))
        }
        let signature = try context.signature(repository)
        let branch = try snapshot.currentEnvironment()
        try lift {
            let bytes = try AnyDocument.flow(flow).canonicalBytes(at: path)
            let tree = try repository.writeTree(files: [path: try repository.writeBlob(bytes)], removing: [], base: repository.commit(ours).tree)
            let merged = try repository.createCommit(
                tree: tree, parents: [ours], message: "import: update \(path) (stopped on conflicts)", author: signature, committer: signature)
            try WorkTreeWriter(repository: repository, root: context.root).update(from: ours, to: merged)
            try snapshot.syncStates.save(
                SyncState(
                    remote: remote, branch: branch, ours: ours, theirs: upstream, conflicts: [path: conflicts], mergedTree: tree, operation: .import))
        }
    }

    /// Fetches the link's environment into `refs/sluice/import/<flow id>` and reads the flow there.
    private func fetchLinkedFlow(_ link: FlowLink, repository: Repository) throws(WorkspaceError) -> (Flow, ObjectID) {
        let reference = Self.importReference(link.flow)
        do {
            try repository.fetch(
                url: link.url, refspecs: ["+refs/heads/\(link.environment):\(reference)"], credentials: Credentials(environment: context.environment))
        } catch let error as GitError {
            throw .remote(.fetchFailed(url: link.url, environment: link.environment, error))
        } catch {
            throw WorkspaceError(error)
        }
        guard let commit = try lift({ try repository.resolveReference(reference) }) else {
            throw .remote(.noEnvironment(url: link.url, environment: link.environment))
        }
        guard let flow = try linkedFlow(link.flow, in: commit, repository: repository) else {
            throw .notFound(.flowIn("\(link.environment) of \(link.url)"), query: link.flow)
        }
        return (flow, commit)
    }

    private func linkedFlow(_ id: String, in commit: ObjectID, repository: Repository) throws(WorkspaceError) -> Flow? {
        try lift {
            for entry in try repository.treeEntries(repository.commit(commit).tree, recursive: true)
            where WorkspaceLayout.kind(at: entry.path) == .flow {
                let parsed = DocumentParser.parse(path: entry.path, bytes: try repository.blob(entry.id))
                if case .flow(let flow)? = parsed.document, flow.id == id { return flow }
            }
            return nil
        }
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
}

extension WorkspaceSnapshot {
    /// What a flow uses that this environment lacks: secret values, connections per app, environment variables.
    func requirements(of flow: Flow, at path: String) -> [String] {
        var needs: Set<String> = []
        let secretsPath = path.replacingOccurrences(of: "flow.json", with: "secrets.json")
        let secrets: Set<String> = if case .flowSecrets(let document)? = document(at: secretsPath).document { Set(document.secrets.keys) } else { [] }
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
