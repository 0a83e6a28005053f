import SluiceJSON

/// The checks that span documents: duplicate ids, references between flows, connections,
/// secrets and variables, and documents stored where their content says they do not belong.
/// They read only ``DocumentFacts``, so cached facts of unchanged documents serve as well as parsed ones.
public enum WorkspaceChecker {
    /// Adds cross-document problems to `documents` in place.
    public static func check(_ documents: inout [ParsedDocument]) {
        let found = problems(documents.map(DocumentFacts.init))
        for index in documents.indices { documents[index].add(found[index]) }
    }

    /// The cross-document problems of each document, in the order of `facts`, without line and column.
    public static func problems(_ facts: [DocumentFacts]) -> [[Problem]] {
        let context = Context(facts)
        return facts.map { facts in
            guard facts.isValid else { return [] }
            var problems: [Problem] = []
            if let id = facts.id, let first = context.otherPath(withID: id, than: facts.path) {
                problems.append(Problem(path: facts.path, pointer: "/id", message: "duplicate id \"\(id)\" (also in \(first))"))
            }
            switch facts.kind {
            case .flow: problems += flowProblems(facts, context)
            case .flowSecrets: problems += secretsProblems(facts, context)
            case .connection:
                let folder = facts.path.split(separator: "/").dropFirst().first.map(String.init)
                if let app = facts.app, folder != app {
                    problems.append(
                        Problem(path: facts.path, pointer: "/app", message: "a \(app) connection is stored under connections/\(folder ?? "")/"))
                }
            case .transformation: problems += transformationProblems(facts, context)
            case .manifest, .environmentVariables, .notification: break
            }
            return problems
        }
    }

    /// The documents by id and path, as positions in the list (copying thousands of facts into dictionaries costs).
    private struct Context {
        let all: [DocumentFacts]
        var firstByID: [String: Int] = [:]
        var byPath: [String: Int] = [:]
        var environmentVariables: Set<String>?

        init(_ documents: [DocumentFacts]) {
            all = documents
            byPath.reserveCapacity(documents.count)
            firstByID.reserveCapacity(documents.count)
            for (position, facts) in documents.enumerated() {
                byPath[facts.path] = position
                guard let id = facts.id else { continue }
                if firstByID[id] == nil { firstByID[id] = position }
                if facts.kind == .environmentVariables, facts.isValid { environmentVariables = Set(facts.names) }
            }
        }

        func document(at path: String) -> DocumentFacts? { byPath[path].map { all[$0] } }

        /// The path of the first document with `id`, when it is not `path`.
        func otherPath(withID id: String, than path: String) -> String? {
            guard let first = firstByID[id], all[first].path != path else { return nil }
            return all[first].path
        }

        /// The referenced document if it is valid and of `kind`, otherwise what is wrong with the reference.
        func resolve(_ id: String, kind: DocumentKind) -> Result<DocumentFacts, ReferenceFailure> {
            guard let position = firstByID[id], all[position].kind == kind else { return .failure(.missing) }
            guard all[position].isValid else { return .failure(.invalid(all[position].path)) }
            return .success(all[position])
        }
    }

    private enum ReferenceFailure: Error { case missing, invalid(String) }

    private static func flowProblems(_ flow: DocumentFacts, _ context: Context) -> [Problem] {
        guard !flow.references.isEmpty else { return [] }
        let folder = flow.path.split(separator: "/").dropLast().joined(separator: "/")
        var secretNames: Set<String> = []
        if let secrets = context.document(at: folder + "/secrets.json"), secrets.isValid { secretNames = Set(secrets.names) }
        let flowName = flow.name ?? flow.id ?? flow.path

        return flow.references.compactMap { reference -> Problem? in
            func problem(_ message: String, severity: Problem.Severity = .error) -> Problem {
                Problem(path: flow.path, pointer: reference.pointer, message: message, severity: severity)
            }
            let key = reference.key
            switch reference.target {
            case .connection:
                switch context.resolve(key, kind: .connection) {
                case .failure(.missing): return problem("unknown connection \"\(key)\"")
                case .failure(.invalid(let path)): return problem("connection \"\(key)\" (\(path)) has errors")
                case .success(let connection):
                    let name = connection.name ?? key
                    if let type = reference.detail, let app = BlockCatalog.type(type)?.app, app != connection.app {
                        return problem("connection \"\(name)\" is a \(connection.app ?? "?") account; a \(type) block needs \(app)")
                    }
                    return connection.enabled == false ? problem("connection \"\(name)\" is disabled", severity: .warning) : nil
                }
            case .flow:
                switch context.resolve(key, kind: .flow) {
                case .failure(.missing): return problem("unknown flow \"\(key)\"")
                case .failure(.invalid(let path)): return problem("flow \"\(key)\" (\(path)) has errors")
                case .success: return nil
                }
            case .secret:
                guard !secretNames.contains(key) else { return nil }
                let expression = reference.detail ?? "secrets.\(key)"
                return problem("{{\(expression)}}: unknown flow secret \"\(key)\"; set it with `sluice flows secrets \(flowName) set \(key)`")
            case .variable:
                guard !(context.environmentVariables?.contains(key) ?? false) else { return nil }
                return problem("{{\(reference.detail ?? "env.\(key)")}}: unknown environment variable \"\(key)\"")
            case .transformation: return namedProblem(key, context).map { problem($0) }
            }
        }
    }

    /// What is wrong with `t_<name>`: no such document, or one with errors.
    private static func namedProblem(_ name: String, _ context: Context) -> String? {
        let path = WorkspaceLayout.transformationPath(name: name)
        guard let named = context.document(at: path) else { return "unknown named transformation \"\(name)\" (no \(path))" }
        return named.isValid ? nil : "named transformation \"\(name)\" (\(path)) has errors"
    }

    /// The named transformations a named transformation uses exist, and none leads back to it.
    private static func transformationProblems(_ named: DocumentFacts, _ context: Context) -> [Problem] {
        var problems = named.references.compactMap { reference in
            namedProblem(reference.key, context).map { Problem(path: named.path, pointer: reference.pointer, message: $0) }
        }
        let own = WorkspaceLayout.transformationName(at: named.path)
        var visited: Set<String> = []
        var pending = named.references.map(\.key)
        while let name = pending.popLast() {
            guard visited.insert(name).inserted else { continue }
            if name == own {
                problems.append(
                    Problem(
                        path: named.path, pointer: "/transformation", message: "named transformations use each other in a cycle back to \"\(own)\""))
                break
            }
            pending += context.document(at: WorkspaceLayout.transformationPath(name: name))?.references.map(\.key) ?? []
        }
        // Expanding allows 8 named transformations in a chain (this one counted).
        if !problems.contains(where: { $0.message.contains("cycle") }) {
            var frontier = named.references.map(\.key)
            var length = 1
            while !frontier.isEmpty, length <= 8 {
                length += 1
                frontier = frontier.flatMap { context.document(at: WorkspaceLayout.transformationPath(name: $0))?.references.map(\.key) ?? [] }
            }
            if length > 8 {
                problems.append(
                    Problem(path: named.path, pointer: "/transformation", message: "named transformations nest more than 8 deep from here"))
            }
        }
        return problems
    }

    private static func secretsProblems(_ secrets: DocumentFacts, _ context: Context) -> [Problem] {
        let flowPath = secrets.path.split(separator: "/").dropLast().joined(separator: "/") + "/flow.json"
        guard let flow = context.document(at: flowPath) else {
            return [Problem(path: secrets.path, message: "secrets without a flow: \(flowPath) does not exist")]
        }
        if let flowID = flow.id, let owner = secrets.owner, flowID != owner {
            return [Problem(path: secrets.path, pointer: "/flow", message: "belongs to flow \"\(owner)\" but \(flowPath) has id \"\(flowID)\"")]
        }
        return []
    }
}
