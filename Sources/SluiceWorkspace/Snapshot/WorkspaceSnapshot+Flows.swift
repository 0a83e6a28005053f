import Foundation
import SluiceDocuments

extension WorkspaceSnapshot {
    /// The flow named by an id, a slug or a unique name; throws when it is missing, ambiguous or invalid. Only the
    /// matching document is parsed: the others are known by their facts.
    func flow(_ query: String) throws(WorkspaceError) -> FlowRecord {
        let flows = facts(of: [.flow])
        let byID = flows.filter { $0.id == query }
        let bySlug = flows.filter { Self.slug(ofFlowPath: $0.path) == query }
        let byName = flows.filter { $0.name?.lowercased() == query.lowercased() }
        let matches = !byID.isEmpty ? byID : !bySlug.isEmpty ? bySlug : byName
        guard let match = matches.first else { throw .notFound(.flow, query: query) }
        guard matches.count == 1 else { throw .ambiguous(.flow, query: query, matches: matches.compactMap(\.id)) }
        let parsed = document(at: match.path)
        guard case .flow(let flow)? = parsed.document else { throw .invalidDocuments(parsed.problems.filter { $0.severity == .error }) }
        return FlowRecord(slug: Self.slug(ofFlowPath: parsed.path), flow: flow)
    }

    /// Every valid flow, parsed; the invalid ones are reported as skipped.
    func validFlows() -> [FlowRecord] {
        documents(of: [.flow]).compactMap { parsed in
            guard case .flow(let flow)? = parsed.document else { return nil }
            return FlowRecord(slug: Self.slug(ofFlowPath: parsed.path), flow: flow)
        }
    }

    /// The valid flows whose facts say they refer to `target` (a connection or a flow id); only those are parsed.
    func flows(referring target: DocumentFacts.Reference.Target, to key: String) -> [FlowRecord] {
        facts(of: [.flow]).filter { $0.references.contains { $0.target == target && $0.key == key } }.compactMap { facts in
            guard case .flow(let flow)? = document(at: facts.path).document else { return nil }
            return FlowRecord(slug: Self.slug(ofFlowPath: facts.path), flow: flow)
        }
    }

    /// Where valid flows (and documents of the other `kinds`) use `{{secrets.KEY}}`, `{{env.KEY}}` or `t_KEY` (as
    /// `path: pointer`), for refusing to remove what is still used; `path` limits it to one document.
    func uses(
        of target: DocumentFacts.Reference.Target, key: String, inFlowAt path: String? = nil, kinds: Set<DocumentKind> = [.flow]
    ) -> [String] {
        facts(of: kinds).filter { path == nil || $0.path == path }.flatMap { facts in
            facts.references.filter { $0.target == target && $0.key == key }.map { "\(facts.path): \($0.pointer.display)" }
        }
    }

    /// The names of the entries of a workspace folder, without a `.json` ending; empty when it does not exist. Every
    /// name, valid or not, so a new document never lands where something is.
    func takenNames(in folder: String) -> Set<String> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: context.absolute(folder))) ?? []
        return Set(entries.map { $0.hasSuffix(".json") ? String($0.dropLast(5)) : $0 })
    }

    /// The folder name (slug) of the flow at `path`.
    static func slug(ofFlowPath path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count > 1 ? String(parts[1]) : path
    }
}
