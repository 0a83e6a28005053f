import Foundation
import SluiceDocuments
import SluiceJSON

/// Flows: list, show, create from scratch or a template, rename, delete, duplicate, and their settings.
public struct FlowService: Sendable {
    let context: WorkspaceContext

    /// The flows of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The rows of `sluice flows list`, from the documents' facts (no flow is parsed that the cache knows).
    public func list(favoritesOnly: Bool = false) throws(WorkspaceError) -> [FlowSummary] {
        try context.snapshot().facts(of: [.flow]).map(FlowSummary.init).filter { !favoritesOnly || $0.favorite == true }
    }

    /// A flow, where it lives, and the names of its secrets.
    public func detail(_ query: String) throws(WorkspaceError) -> FlowDetail {
        let snapshot = try context.snapshot()
        let record = try snapshot.flow(query)
        return FlowDetail(record: record, secretNames: try snapshot.flowSecrets(record)?.secrets.keys.sorted() ?? [])
    }

    /// Creates a disabled flow, empty or from a template, and commits it.
    @discardableResult
    public func create(name: String, type: FlowType?, template templateID: String? = nil) throws(WorkspaceError) -> FlowRecord {
        if let problem = Slug.problem(withName: name) { throw .invalidInput(problem) }
        var flow: Flow
        if let templateID {
            guard let template = FlowTemplates.template(templateID) else {
                throw .invalidInput("unknown template \"\(templateID)\"; `sluice templates` lists them")
            }
            if let type, type != template.type {
                throw .invalidInput("template \"\(templateID)\" is a \(template.type.rawValue) flow, not \(type.rawValue)")
            }
            flow = template.makeFlow(named: name)
        } else {
            let type = type ?? .power
            flow = Flow(name: name, type: type)
            if type == .power {
                flow.blocks = [Block(id: "trigger", type: BlockTypeID.manual, name: "Manual trigger")]
            } else {
                flow.trigger = EasyTrigger(type: BlockTypeID.manual)
            }
        }
        let created = flow
        return try context.mutate { snapshot, changes in
            let slug = Slug.unique(Slug.make(from: name, fallback: "flow"), taken: snapshot.takenNames(in: WorkspaceLayout.flowsFolder))
            let record = FlowRecord(slug: slug, flow: created)
            try changes.write(.flow(created), to: record.path)
            return (CommitMessage("flows: create \"\(name)\"" + (templateID.map { " from template \($0)" } ?? "")), record)
        }
    }

    /// Changes a flow's display name; its folder follows the new name, its id stays.
    @discardableResult
    public func rename(_ query: String, to name: String) throws(WorkspaceError) -> FlowRecord {
        if let problem = Slug.problem(withName: name) { throw .invalidInput(problem) }
        return try context.mutate { snapshot, changes in
            var record = try snapshot.flow(query)
            let old = record
            record.flow.name = name
            let newSlug = Slug.make(from: name, fallback: "flow")
            if newSlug != record.slug {
                record.slug = Slug.unique(newSlug, taken: snapshot.takenNames(in: WorkspaceLayout.flowsFolder).subtracting([record.slug]))
            }
            if record.slug != old.slug {
                changes.remove(old.path)
                if FileManager.default.fileExists(atPath: context.absolute(old.secretsPath)) {
                    changes.remove(old.secretsPath)
                    changes.writeRaw(try snapshot.bytes(at: old.secretsPath), to: record.secretsPath)
                }
            }
            try changes.write(.flow(record.flow), to: record.path)
            return ("flows: rename \"\(old.flow.name)\" to \"\(name)\"", record)
        }
    }

    /// Deletes a flow and its secrets; refuses while other flows call it.
    public func delete(_ query: String) throws(WorkspaceError) {
        try context.mutate { snapshot, changes in
            let record = try snapshot.flow(query)
            let callers = snapshot.flows(referring: .flow, to: record.flow.id).filter { $0.flow.id != record.flow.id }.map(\.flow.name)
            if !callers.isEmpty { throw WorkspaceError.refused(.calledByOtherFlows(flow: record.flow.name, callers: callers)) }
            changes.remove(record.path)
            if FileManager.default.fileExists(atPath: context.absolute(record.secretsPath)) { changes.remove(record.secretsPath) }
            return ("flows: delete \"\(record.flow.name)\"", ())
        }
    }

    /// Copies a flow with new ids for it and its blocks; the copy is disabled and has no secret values.
    @discardableResult
    public func duplicate(_ query: String, name newName: String? = nil) throws(WorkspaceError) -> FlowRecord {
        try context.mutate { snapshot, changes in
            let original = try snapshot.flow(query)
            let name = newName ?? "\(original.flow.name) copy"
            if let problem = Slug.problem(withName: name) { throw WorkspaceError.invalidInput(problem) }
            var copy = FlowDuplicator.duplicate(original.flow)
            copy.name = name
            let slug = Slug.unique(Slug.make(from: name, fallback: "flow"), taken: snapshot.takenNames(in: WorkspaceLayout.flowsFolder))
            let record = FlowRecord(slug: slug, flow: copy)
            try changes.write(.flow(copy), to: record.path)
            return ("flows: duplicate \"\(original.flow.name)\" as \"\(name)\"", record)
        }
    }

    /// Edits one flow under the lock and commits it with `message(flow)`.
    @discardableResult
    func update(_ query: String, message: (Flow) -> String, _ edit: (inout Flow) throws -> Void) throws(WorkspaceError) -> FlowRecord {
        try context.mutate { snapshot, changes in
            var record = try snapshot.flow(query)
            try edit(&record.flow)
            try changes.write(.flow(record.flow), to: record.path)
            return (CommitMessage(message(record.flow)), record)
        }
    }
}
