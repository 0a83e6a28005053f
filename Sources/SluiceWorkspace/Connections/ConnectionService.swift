import Foundation
import SluiceDocuments
import SluiceJSON

/// Apps & Connections: the connected accounts, which flows use them, and connecting, enabling and disconnecting.
public struct ConnectionService: Sendable {
    let context: WorkspaceContext

    /// The connections of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The Overview, Manage and Discover sections of `sluice connections`.
    public func report() throws(WorkspaceError) -> ConnectionsReport {
        let snapshot = try context.snapshot()
        let uses = snapshot.connectionUses()
        let records = snapshot.connections()
        let byApp = Dictionary(grouping: records, by: \.connection.app)
        let manage = AppCatalog.all.compactMap { app -> ConnectionsReport.AppAccounts? in
            guard let accounts = byApp[app.id] else { return nil }
            return .init(app: app.id, name: app.name, accounts: accounts.map { ConnectionSummary($0, uses: uses) })
        }
        let discover = AppCatalog.all.filter { byApp[$0.id] == nil }.map {
            ConnectionsReport.DiscoverableApp(app: $0.id, name: $0.name, summary: $0.summary)
        }
        let flowsUsing = Set(records.flatMap { uses[$0.connection.id] ?? [] }.map(\.flowID))
        return ConnectionsReport(
            overview: .init(connectedApps: manage.count, accounts: records.count, flowsUsingConnections: flowsUsing.count),
            manage: manage, discover: discover)
    }

    /// One account, secrets masked, with the blocks that use it.
    public func summary(_ query: String) throws(WorkspaceError) -> ConnectionSummary {
        let snapshot = try context.snapshot()
        return ConnectionSummary(try snapshot.connection(query), uses: snapshot.connectionUses())
    }

    /// Connects an account. `settings` are the plain fields, `secrets` the secret ones; credentials are not verified.
    @discardableResult
    public func add(app appID: String, name: String, settings: [String: String], secrets: [String: String]) throws(WorkspaceError)
        -> ConnectionRecord
    {
        guard let app = AppCatalog.app(appID) else { throw .invalidInput("unknown app \"\(appID)\"; `sluice apps` lists them") }
        if let problem = Slug.problem(withName: name) { throw .invalidInput(problem) }
        var connection = Connection(app: app.id, name: name)
        for (key, value) in settings {
            guard let field = app.fields.first(where: { $0.key == key }) else {
                throw .invalidInput("\(app.id) has no field \"\(key)\" (fields: \(app.fields.map(\.key).joined(separator: ", ")))")
            }
            guard !field.secret else { throw .invalidInput("\(key) is secret: give it on standard input as JSON, never as an argument") }
            connection.settings[key] = try Self.settingValue(value, for: field)
        }
        for key in secrets.keys where !app.secretFields.contains(where: { $0.key == key }) {
            throw .invalidInput("\(app.id) has no secret field \"\(key)\" (secret fields: \(app.secretFields.map(\.key).joined(separator: ", ")))")
        }
        let missing = app.fields.filter { $0.required && connection.settings[$0.key] == nil && secrets[$0.key] == nil }
        guard missing.isEmpty else { throw .invalidInput("\(app.id) needs \(missing.map(\.key).joined(separator: ", "))") }
        let unsealed = connection
        return try context.mutate { snapshot, changes in
            var connection = unsealed
            // The key is read under the lock, so a concurrent rotation cannot retire it meanwhile.
            let box = try secrets.isEmpty ? nil : snapshot.secretBox()
            for (key, value) in secrets {
                connection.credentials[key] = try box?.seal(value, documentID: connection.id, field: JSONPointer(tokens: ["credentials", key]))
            }
            let taken = snapshot.takenNames(in: "\(WorkspaceLayout.connectionsFolder)/\(app.id)")
            let slug = Slug.unique(Slug.make(from: name, fallback: "account"), taken: taken)
            let record = ConnectionRecord(path: WorkspaceLayout.connectionPath(app: app.id, slug: slug), connection: connection)
            try changes.write(.connection(connection), to: record.path)
            return ("connections: add \(app.id) account \"\(name)\"", record)
        }
    }

    /// Enables or disables an account.
    @discardableResult
    public func setEnabled(_ query: String, _ enabled: Bool) throws(WorkspaceError) -> ConnectionRecord {
        try context.mutate { snapshot, changes in
            var record = try snapshot.connection(query)
            record.connection.enabled = enabled
            try changes.write(.connection(record.connection), to: record.path)
            return ("connections: \(enabled ? "enable" : "disable") \(record.connection.app) account \"\(record.connection.name)\"", record)
        }
    }

    /// Disconnects an account. Refuses while flows use it, naming them; with `force`, unbinds their blocks in the same commit.
    public func remove(_ query: String, force: Bool) throws(WorkspaceError) {
        try context.mutate { snapshot, changes in
            let record = try snapshot.connection(query)
            let id = record.connection.id
            let using = snapshot.flows(referring: .connection, to: id)
            if !using.isEmpty, !force {
                throw WorkspaceError.refused(.connectionInUse(connection: record.connection.name, flows: Set(using.map(\.flow.name)).sorted()))
            }
            for var user in using {
                user.flow.unbindConnections { $0 == id }
                try changes.write(.flow(user.flow), to: user.path)
            }
            changes.remove(record.path)
            return ("connections: remove \(record.connection.app) account \"\(record.connection.name)\"", ())
        }
    }

    /// A plain field's value as its kind wants it.
    static func settingValue(_ text: String, for field: AppField) throws(WorkspaceError) -> JSONValue {
        switch field.kind {
        case .integer:
            guard let number = Int(text) else { throw .invalidInput("\(field.key) must be a whole number, got \"\(text)\"") }
            return .number(JSONNumber(number))
        case .choice:
            guard field.choices.contains(text) else {
                throw .invalidInput("\(field.key) must be one of \(field.choices.joined(separator: ", ")), got \"\(text)\"")
            }
            return .string(text)
        case .url:
            guard let url = URL(string: text), url.scheme != nil else { throw .invalidInput("\(field.key) must be an absolute URL, got \"\(text)\"") }
            return .string(text)
        case .string:
            return .string(text)
        }
    }
}

extension WorkspaceSnapshot {
    /// Every valid connection; the invalid ones are reported as skipped.
    func connections() -> [ConnectionRecord] {
        documents(of: [.connection]).compactMap { parsed in
            guard case .connection(let connection)? = parsed.document else { return nil }
            return ConnectionRecord(path: parsed.path, connection: connection)
        }
    }

    /// The connection named by an id, an `app/slug` or a unique name.
    func connection(_ query: String) throws(WorkspaceError) -> ConnectionRecord {
        let all = connections()
        let byID = all.filter { $0.connection.id == query }
        let byPath = all.filter { $0.path == "connections/\(query).json" || $0.path == query }
        let byName = all.filter { $0.connection.name.lowercased() == query.lowercased() }
        let matches = !byID.isEmpty ? byID : !byPath.isEmpty ? byPath : byName
        guard let first = matches.first else { throw .notFound(.connection, query: query) }
        guard matches.count == 1 else { throw .ambiguous(.connection, query: query, matches: matches.map(\.connection.id)) }
        return first
    }

    /// The blocks of valid flows that use each connection, by connection id; only flows that use one are parsed.
    func connectionUses() -> [String: [ConnectionUse]] {
        var uses: [String: [ConnectionUse]] = [:]
        for facts in facts(of: [.flow]) {
            guard facts.isValid else {
                reportSkipped(facts)
                continue
            }
            guard facts.references.contains(where: { $0.target == .connection }),
                case .flow(let flow)? = document(at: facts.path).document
            else { continue }
            for block in flow.authoredBlocks {
                guard let id = block.connection else { continue }
                uses[id, default: []].append(ConnectionUse(flowID: flow.id, flowName: flow.name, flowEnabled: flow.enabled, blockID: block.id))
            }
        }
        return uses
    }
}
