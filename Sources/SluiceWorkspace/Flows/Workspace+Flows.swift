import Foundation
import SluiceDocuments
import SluiceJSON

extension Workspace {
    /// Creates a disabled flow, empty or from a template, and commits it.
    @discardableResult
    public func createFlow(name: String, type: FlowType?, template templateID: String? = nil) throws -> FlowRecord {
        if let problem = Slug.problem(withName: name) { throw WorkspaceError.invalidInput(problem) }
        var flow: Flow
        if let templateID {
            guard let template = FlowTemplates.template(templateID) else {
                throw WorkspaceError.invalidInput("unknown template \"\(templateID)\"; `sluice templates` lists them")
            }
            if let type, type != template.type {
                throw WorkspaceError.invalidInput("template \"\(templateID)\" is a \(template.type.rawValue) flow, not \(type.rawValue)")
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
        return try mutate { changes in
            let slug = Slug.unique(Slug.make(from: name, fallback: "flow"), taken: takenFlowSlugs())
            let record = FlowRecord(slug: slug, flow: flow)
            try changes.write(.flow(flow), to: record.path)
            return ("flows: create \"\(name)\"" + (templateID.map { " from template \($0)" } ?? ""), record)
        }
    }

    /// Changes a flow's display name; its folder follows the new name, its id stays.
    @discardableResult
    public func renameFlow(_ query: String, to name: String) throws -> FlowRecord {
        if let problem = Slug.problem(withName: name) { throw WorkspaceError.invalidInput(problem) }
        return try mutate { changes in
            var record = try flow(query)
            let oldName = record.flow.name
            let oldRecord = record
            record.flow.name = name
            let newSlug = Slug.make(from: name, fallback: "flow")
            if newSlug != record.slug {
                record.slug = Slug.unique(newSlug, taken: takenFlowSlugs().subtracting([record.slug]))
            }
            if record.slug != oldRecord.slug {
                changes.remove(oldRecord.path)
                if let secrets = FileManager.default.contents(atPath: absolute(oldRecord.secretsPath)) {
                    changes.remove(oldRecord.secretsPath)
                    changes.writeRaw(Array(secrets), to: record.secretsPath)
                }
            }
            try changes.write(.flow(record.flow), to: record.path)
            return ("flows: rename \"\(oldName)\" to \"\(name)\"", record)
        }
    }

    /// Deletes a flow and its secrets.
    public func deleteFlow(_ query: String) throws {
        try mutate { changes in
            let record = try flow(query)
            let callers = flowDocuments().compactMap { parsed -> String? in
                guard case .flow(let caller)? = parsed.document, caller.id != record.flow.id else { return nil }
                let calls = caller.authoredBlocks.contains { $0.type == BlockTypeID.callFlow && $0.config["flow"]?.stringValue == record.flow.id }
                return calls ? "\"\(caller.name)\"" : nil
            }
            if !callers.isEmpty {
                throw WorkspaceError.refused("\"\(record.flow.name)\" is called by \(callers.joined(separator: ", ")); change those flows first")
            }
            changes.remove(record.path)
            if FileManager.default.fileExists(atPath: absolute(record.secretsPath)) { changes.remove(record.secretsPath) }
            return ("flows: delete \"\(record.flow.name)\"", ())
        }
    }

    /// Copies a flow with new ids for it and its blocks; the copy is disabled and has no secret values.
    @discardableResult
    public func duplicateFlow(_ query: String, name newName: String? = nil) throws -> FlowRecord {
        try mutate { changes in
            let original = try flow(query)
            let name = newName ?? "\(original.flow.name) copy"
            if let problem = Slug.problem(withName: name) { throw WorkspaceError.invalidInput(problem) }
            var copy = FlowDuplicator.duplicate(original.flow)
            copy.name = name
            let record = FlowRecord(slug: Slug.unique(Slug.make(from: name, fallback: "flow"), taken: takenFlowSlugs()), flow: copy)
            try changes.write(.flow(copy), to: record.path)
            return ("flows: duplicate \"\(original.flow.name)\" as \"\(name)\"", record)
        }
    }

    /// Edits one flow under the lock and commits it with `message(flow)`.
    @discardableResult
    public func updateFlow(_ query: String, message: (Flow) -> String, _ edit: (inout Flow) throws -> Void) throws -> FlowRecord {
        try mutate { changes in
            var record = try flow(query)
            try edit(&record.flow)
            try changes.write(.flow(record.flow), to: record.path)
            return (message(record.flow), record)
        }
    }

    /// Enables or disables a flow's trigger.
    @discardableResult
    public func setFlowEnabled(_ query: String, _ enabled: Bool) throws -> FlowRecord {
        try updateFlow(query, message: { "flows: \(enabled ? "enable" : "disable") \"\($0.name)\"" }) { $0.enabled = enabled }
    }

    /// Marks or unmarks a flow as a favorite.
    @discardableResult
    public func setFlowFavorite(_ query: String, _ favorite: Bool) throws -> FlowRecord {
        try updateFlow(query, message: { "flows: \(favorite ? "favorite" : "unfavorite") \"\($0.name)\"" }) { $0.favorite = favorite }
    }

    /// Sets (or with nil, removes) the URL that receives a JSON POST when a run fails.
    @discardableResult
    public func setErrorNotification(_ query: String, url: String?) throws -> FlowRecord {
        if let url {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw WorkspaceError.invalidInput("error-notification URL must be an absolute http or https URL, got \"\(url)\"")
            }
        }
        return try updateFlow(
            query,
            message: { url == nil ? "flows: turn off error notification of \"\($0.name)\"" : "flows: set error notification of \"\($0.name)\"" }
        ) {
            $0.errorNotification = url.map(ErrorNotification.init(url:))
        }
    }

    /// Sets a flow variable.
    @discardableResult
    public func setFlowVariable(_ query: String, key: String, value: JSONValue) throws -> FlowRecord {
        if let problem = Slug.problem(withKey: key) { throw WorkspaceError.invalidInput(problem) }
        return try updateFlow(query, message: { "flows: set variable \(key) of \"\($0.name)\"" }) { flow in
            var variables = flow.variables ?? [:]
            variables[key] = value
            flow.variables = variables
        }
    }

    /// Removes a flow variable; refuses when the flow still refers to it.
    @discardableResult
    public func unsetFlowVariable(_ query: String, key: String) throws -> FlowRecord {
        try updateFlow(query, message: { "flows: unset variable \(key) of \"\($0.name)\"" }) { flow in
            guard flow.variables?[key] != nil else { throw WorkspaceError.notFound(kind: "variable", query: key) }
            flow.variables?[key] = nil
            if flow.variables?.isEmpty == true { flow.variables = nil }
        }
    }
}
