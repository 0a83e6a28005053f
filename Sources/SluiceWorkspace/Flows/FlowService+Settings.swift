import Foundation
import SluiceDocuments
import SluiceJSON

extension FlowService {
    /// Enables or disables a flow's trigger.
    @discardableResult
    public func setEnabled(_ query: String, _ enabled: Bool) throws(WorkspaceError) -> FlowRecord {
        try update(query, message: { "flows: \(enabled ? "enable" : "disable") \"\($0.name)\"" }) { $0.enabled = enabled }
    }

    /// Marks or unmarks a flow as a favorite.
    @discardableResult
    public func setFavorite(_ query: String, _ favorite: Bool) throws(WorkspaceError) -> FlowRecord {
        try update(query, message: { "flows: \(favorite ? "favorite" : "unfavorite") \"\($0.name)\"" }) { $0.favorite = favorite }
    }

    /// Sets (or with nil, removes) the URL that receives a JSON POST when a run fails.
    @discardableResult
    public func setErrorNotification(_ query: String, url: String?) throws(WorkspaceError) -> FlowRecord {
        if let url {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw .invalidInput("error-notification URL must be an absolute http or https URL, got \"\(url)\"")
            }
        }
        return try update(
            query,
            message: { url == nil ? "flows: turn off error notification of \"\($0.name)\"" : "flows: set error notification of \"\($0.name)\"" }
        ) {
            $0.errorNotification = url.map(ErrorNotification.init(url:))
        }
    }

    /// A flow's variables.
    public func variables(_ query: String) throws(WorkspaceError) -> [String: JSONValue] {
        try context.snapshot().flow(query).flow.variables ?? [:]
    }

    /// Sets a flow variable.
    @discardableResult
    public func setVariable(_ query: String, key: String, value: JSONValue) throws(WorkspaceError) -> FlowRecord {
        if let problem = Slug.problem(withKey: key) { throw .invalidInput(problem) }
        return try update(query, message: { "flows: set variable \(key) of \"\($0.name)\"" }) { flow in
            var variables = flow.variables ?? [:]
            variables[key] = value
            flow.variables = variables
        }
    }

    /// Removes a flow variable.
    @discardableResult
    public func unsetVariable(_ query: String, key: String) throws(WorkspaceError) -> FlowRecord {
        try update(query, message: { "flows: unset variable \(key) of \"\($0.name)\"" }) { flow in
            guard flow.variables?[key] != nil else { throw WorkspaceError.notFound(.variable, query: key) }
            flow.variables?[key] = nil
            if flow.variables?.isEmpty == true { flow.variables = nil }
        }
    }

    /// Picks or changes the account (connection) a block uses.
    @discardableResult
    public func connect(flow flowQuery: String, block blockQuery: String, connection connectionQuery: String) throws(WorkspaceError) -> FlowRecord {
        let account = try context.snapshot().connection(connectionQuery).connection
        return try update(
            flowQuery, message: { "flows: connect \"\(blockQuery)\" of \"\($0.name)\" to \(account.app) account \"\(account.name)\"" }
        ) { flow in
            let isEasy = flow.type == .easy
            var blocks = (isEasy ? flow.actions : flow.blocks) ?? []
            let matches = blocks.indices.filter { blocks[$0].id == blockQuery || blocks[$0].name.lowercased() == blockQuery.lowercased() }
            guard let index = matches.first else { throw WorkspaceError.notFound(.block, query: blockQuery) }
            guard matches.count == 1 else { throw WorkspaceError.ambiguous(.block, query: blockQuery, matches: matches.map { blocks[$0].id }) }
            guard let app = BlockCatalog.type(blocks[index].type)?.app else {
                throw WorkspaceError.refused(.blockTakesNoConnection(blockType: blocks[index].type))
            }
            guard app == account.app else {
                throw WorkspaceError.refused(.wrongApp(connection: account.name, app: account.app, block: blocks[index].id, needs: app))
            }
            blocks[index].connection = account.id
            if isEasy { flow.actions = blocks } else { flow.blocks = blocks }
        }
    }
}
