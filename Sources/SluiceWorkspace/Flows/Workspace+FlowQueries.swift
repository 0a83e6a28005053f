import Foundation
import SluiceDocuments

extension Workspace {
    /// Every flow document, parsed, in slug order.
    public func flowDocuments() -> [ParsedDocument] {
        loadDocuments(kinds: [.flow], checkReferences: false)
    }

    /// The rows of `sluice flows list`.
    public func flowSummaries() -> [FlowSummary] {
        documentFacts(kinds: [.flow]).map { facts in
            let slug = Self.slug(ofFlowPath: facts.path)
            guard let flow = facts.flow else {
                return FlowSummary(
                    id: facts.id, name: facts.name, slug: slug, path: facts.path, valid: false, problem: facts.problems.first.map(\.description))
            }
            return FlowSummary(
                id: facts.id, name: facts.name, slug: slug, path: facts.path, type: flow.type, enabled: flow.enabled, favorite: flow.favorite,
                trigger: flow.trigger, blocks: flow.blocks, connections: flow.connections, valid: true, problem: nil)
        }
    }

    /// The flow named by an id, a slug or a unique name; throws when it is missing, ambiguous or invalid.
    public func flow(_ query: String) throws -> FlowRecord {
        let documents = flowDocuments()
        let byID = documents.filter { ($0.document?.id ?? $0.value?["id"]?.stringValue) == query }
        let bySlug = documents.filter { Self.slug(ofFlowPath: $0.path) == query }
        let byName = documents.filter { ($0.value?["name"]?.stringValue)?.lowercased() == query.lowercased() }
        let matches = !byID.isEmpty ? byID : !bySlug.isEmpty ? bySlug : byName
        guard let parsed = matches.first else { throw WorkspaceError.notFound(kind: "flow", query: query) }
        guard matches.count == 1 else {
            throw WorkspaceError.ambiguous(kind: "flow", query: query, matches: matches.compactMap { $0.value?["id"]?.stringValue })
        }
        guard case .flow(let flow)? = parsed.document else {
            throw WorkspaceError.invalidDocuments(parsed.problems.filter { $0.severity == .error })
        }
        return FlowRecord(slug: Self.slug(ofFlowPath: parsed.path), flow: flow)
    }

    /// The slugs already used by flow folders.
    /// Every name in `flows/`, valid or not, so a new flow never lands in a folder that holds anything.
    func takenFlowSlugs() -> Set<String> {
        takenNames(in: WorkspaceLayout.flowsFolder)
    }

    /// The names of the entries of a workspace folder, without a `.json` ending; empty when it does not exist.
    func takenNames(in folder: String) -> Set<String> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: absolute(folder))) ?? []
        return Set(entries.map { $0.hasSuffix(".json") ? String($0.dropLast(5)) : $0 })
    }

    static func slug(ofFlowPath path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count > 1 ? String(parts[1]) : path
    }
}

extension Workspace {
    /// Where valid flows use `{{namespace.key…}}`, as `path: pointer` (for refusing to remove what is still used).
    func uses(of namespace: DynamicReference.Namespace, key: String, in flows: [ParsedDocument]? = nil) -> [String] {
        (flows ?? flowDocuments()).flatMap { parsed -> [String] in
            guard parsed.document != nil, let value = parsed.value else { return [] }
            return DynamicValues.references(in: value)
                .filter { $0.namespace == namespace && $0.segments.first == key }
                .map { "\(parsed.path): \($0.pointer.display)" }
        }
    }

    /// Refuses when something still uses what a command is about to remove.
    func refuseIfUsed(_ uses: [String], what: String) throws {
        guard let first = uses.first else { return }
        let more = uses.count > 1 ? " (and \(uses.count - 1) more)" : ""
        throw WorkspaceError.refused("\(what) is still used at \(first)\(more); remove those uses first")
    }
}
