import Foundation
import SluiceDocuments
import SluiceJSON

extension Workspace {
    /// Every valid connection.
    public func connections() -> [ConnectionRecord] {
        loadDocuments(kinds: [.connection], checkReferences: false).compactMap { parsed in
            guard case .connection(let connection)? = parsed.document else { return nil }
            return ConnectionRecord(path: parsed.path, connection: connection)
        }
    }

    /// The connection named by an id, a `app/slug` or a unique name.
    public func connection(_ query: String) throws -> ConnectionRecord {
        let all = connections()
        let byID = all.filter { $0.connection.id == query }
        let byPath = all.filter { $0.path == "connections/\(query).json" || $0.path == query }
        let byName = all.filter { $0.connection.name.lowercased() == query.lowercased() }
        let matches = !byID.isEmpty ? byID : !byPath.isEmpty ? byPath : byName
        guard let first = matches.first else { throw WorkspaceError.notFound(kind: "connection", query: query) }
        guard matches.count == 1 else {
            throw WorkspaceError.ambiguous(kind: "connection", query: query, matches: matches.map(\.connection.id))
        }
        return first
    }

    /// The blocks of valid flows that use each connection, by connection id.
    public func connectionUses() -> [String: [ConnectionUse]] {
        var uses: [String: [ConnectionUse]] = [:]
        for parsed in flowDocuments() {
            guard case .flow(let flow)? = parsed.document else { continue }
            for block in flow.authoredBlocks {
                guard let id = block.connection else { continue }
                uses[id, default: []].append(ConnectionUse(flowID: flow.id, flowName: flow.name, flowEnabled: flow.enabled, blockID: block.id))
            }
        }
        return uses
    }

    /// The summary of one connection, secrets masked.
    public func summary(of record: ConnectionRecord, uses: [String: [ConnectionUse]]) -> ConnectionSummary {
        let connection = record.connection
        return ConnectionSummary(
            id: connection.id, app: connection.app, name: connection.name, path: record.path, enabled: connection.enabled,
            settings: connection.settings.mapValues { $0.stringValue ?? $0.compactText() },
            secretFields: connection.credentials.keys.sorted(), usedBy: uses[connection.id] ?? []
        )
    }

    /// The Overview, Manage and Discover sections of `sluice connections`.
    public func connectionsReport() -> ConnectionsReport {
        let uses = connectionUses()
        let records = connections()
        let byApp = Dictionary(grouping: records, by: \.connection.app)
        let manage = AppCatalog.all.compactMap { app -> ConnectionsReport.AppAccounts? in
            guard let accounts = byApp[app.id] else { return nil }
            return .init(app: app.id, name: app.name, accounts: accounts.map { summary(of: $0, uses: uses) })
        }
        let discover = AppCatalog.all.filter { byApp[$0.id] == nil }.map {
            ConnectionsReport.DiscoverableApp(app: $0.id, name: $0.name, summary: $0.summary)
        }
        let flowsUsing = Set(records.flatMap { uses[$0.connection.id] ?? [] }.map(\.flowID))
        return ConnectionsReport(
            overview: .init(connectedApps: manage.count, accounts: records.count, flowsUsingConnections: flowsUsing.count),
            manage: manage, discover: discover
        )
    }

    /// Connects an account. `settings` are the plain fields, `secrets` the secret ones; credentials are not verified.
    @discardableResult
    public func addConnection(app appID: String, name: String, settings: [String: String], secrets: [String: String]) throws -> ConnectionRecord {
        guard let app = AppCatalog.app(appID) else {
            throw WorkspaceError.invalidInput("unknown app \"\(appID)\"; `sluice apps` lists them")
        }
        if let problem = Slug.problem(withName: name) { throw WorkspaceError.invalidInput(problem) }
        var connection = Connection(app: app.id, name: name)
        for (key, value) in settings {
            guard let field = app.fields.first(where: { $0.key == key }) else {
                throw WorkspaceError.invalidInput("\(app.id) has no field \"\(key)\" (fields: \(app.fields.map(\.key).joined(separator: ", ")))")
            }
            guard !field.secret else {
                throw WorkspaceError.invalidInput("\(key) is secret: give it on standard input as JSON, never as an argument")
            }
            connection.settings[key] = try Self.settingValue(value, for: field, app: app)
        }
        for key in secrets.keys where !app.secretFields.contains(where: { $0.key == key }) {
            throw WorkspaceError.invalidInput(
                "\(app.id) has no secret field \"\(key)\" (secret fields: \(app.secretFields.map(\.key).joined(separator: ", ")))")
        }
        let missing = app.fields.filter { $0.required && connection.settings[$0.key] == nil && secrets[$0.key] == nil }
        guard missing.isEmpty else {
            throw WorkspaceError.invalidInput("\(app.id) needs \(missing.map(\.key).joined(separator: ", "))")
        }
        return try mutate { changes in
            // The key is read under the lock, so a concurrent rotation cannot retire it meanwhile.
            let box = try secrets.isEmpty ? nil : secretBox()
            for (key, value) in secrets {
                connection.credentials[key] = try box?.seal(value, documentID: connection.id, field: JSONPointer(tokens: ["credentials", key]))
            }
            let taken = takenNames(in: "\(WorkspaceLayout.connectionsFolder)/\(app.id)")
            let slug = Slug.unique(Slug.make(from: name, fallback: "account"), taken: taken)
            let record = ConnectionRecord(path: WorkspaceLayout.connectionPath(app: app.id, slug: slug), connection: connection)
            try changes.write(.connection(connection), to: record.path)
            return ("connections: add \(app.id) account \"\(name)\"", record)
        }
    }

    static func settingValue(_ text: String, for field: AppField, app: App) throws -> JSONValue {
        switch field.kind {
        case .integer:
            guard let number = Int(text) else { throw WorkspaceError.invalidInput("\(field.key) must be a whole number, got \"\(text)\"") }
            return .number(JSONNumber(number))
        case .choice:
            guard field.choices.contains(text) else {
                throw WorkspaceError.invalidInput("\(field.key) must be one of \(field.choices.joined(separator: ", ")), got \"\(text)\"")
            }
            return .string(text)
        case .url:
            guard let url = URL(string: text), url.scheme != nil else {
                throw WorkspaceError.invalidInput("\(field.key) must be an absolute URL, got \"\(text)\"")
            }
            return .string(text)
        case .string:
            return .string(text)
        }
    }

    /// Enables or disables an account.
    @discardableResult
    public func setConnectionEnabled(_ query: String, _ enabled: Bool) throws -> ConnectionRecord {
        try mutate { changes in
            var record = try connection(query)
            record.connection.enabled = enabled
            try changes.write(.connection(record.connection), to: record.path)
            return ("connections: \(enabled ? "enable" : "disable") \(record.connection.app) account \"\(record.connection.name)\"", record)
        }
    }

    /// Disconnects an account. Refuses while flows use it, naming them; with `force`, unbinds their blocks in the same commit.
    public func removeConnection(_ query: String, force: Bool) throws {
        try mutate { changes in
            let record = try connection(query)
            let id = record.connection.id
            // One pass over the flows finds the users and gives the documents to rewrite.
            let using = flowDocuments().compactMap { parsed -> (path: String, flow: Flow)? in
                guard case .flow(let flow)? = parsed.document, flow.authoredBlocks.contains(where: { $0.connection == id }) else { return nil }
                return (parsed.path, flow)
            }
            if !using.isEmpty, !force {
                let flows = Set(using.map { "\"\($0.flow.name)\"" }).sorted().joined(separator: ", ")
                throw WorkspaceError.refused(
                    "connection \"\(record.connection.name)\" is used by \(flows); use --force to remove it and unbind those blocks")
            }
            for var user in using {
                user.flow.unbindConnections { $0 == id }
                try changes.write(.flow(user.flow), to: user.path)
            }
            changes.remove(record.path)
            return ("connections: remove \(record.connection.app) account \"\(record.connection.name)\"", ())
        }
    }

    /// Picks or changes the account a block uses.
    @discardableResult
    public func connectBlock(flow flowQuery: String, block blockQuery: String, connection connectionQuery: String) throws -> FlowRecord {
        let account = try connection(connectionQuery)
        return try updateFlow(
            flowQuery,
            message: { "flows: connect \"\(blockQuery)\" of \"\($0.name)\" to \(account.connection.app) account \"\(account.connection.name)\"" }
        ) { flow in
            let isEasy = flow.type == .easy
            var blocks = (isEasy ? flow.actions : flow.blocks) ?? []
            let matches = blocks.indices.filter { blocks[$0].id == blockQuery || blocks[$0].name.lowercased() == blockQuery.lowercased() }
            guard let index = matches.first else { throw WorkspaceError.notFound(kind: "block", query: blockQuery) }
            guard matches.count == 1 else { throw WorkspaceError.ambiguous(kind: "block", query: blockQuery, matches: matches.map { blocks[$0].id }) }
            guard let app = BlockCatalog.type(blocks[index].type)?.app else {
                throw WorkspaceError.refused("a \(blocks[index].type) block takes no connection")
            }
            guard app == account.connection.app else {
                throw WorkspaceError.refused(
                    "\"\(account.connection.name)\" is a \(account.connection.app) account; block \"\(blocks[index].id)\" needs \(app)")
            }
            blocks[index].connection = account.connection.id
            if isEasy { flow.actions = blocks } else { flow.blocks = blocks }
        }
    }
}
