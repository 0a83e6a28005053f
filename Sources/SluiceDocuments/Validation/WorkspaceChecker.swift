import SluiceJSON

/// The checks that span documents: duplicate ids, references between flows, connections,
/// secrets and variables, and documents stored where their content says they do not belong.
public enum WorkspaceChecker {
    /// Adds cross-document problems to `documents` in place.
    public static func check(_ documents: inout [ParsedDocument]) {
        let context = Context(documents)
        for index in documents.indices {
            let parsed = documents[index]
            guard let document = parsed.document else { continue }
            var problems: [Problem] = []
            if let first = context.firstPathByID[document.id], first != parsed.path {
                problems.append(Problem(path: parsed.path, pointer: "/id", message: "duplicate id \"\(document.id)\" (also in \(first))"))
            }
            switch document {
            case .flow(let flow): problems += flowProblems(flow, parsed, context)
            case .flowSecrets(let secrets): problems += secretsProblems(secrets, parsed, context)
            case .connection(let connection):
                let folder = parsed.path.split(separator: "/").dropFirst().first.map(String.init)
                if folder != connection.app {
                    problems.append(
                        Problem(
                            path: parsed.path, pointer: "/app",
                            message: "a \(connection.app) connection is stored under connections/\(folder ?? "")/"))
                }
            case .manifest, .environmentVariables, .notification: break
            }
            documents[index].add(problems)
        }
    }

    private struct Context {
        var firstPathByID: [String: String] = [:]
        var parsedByID: [String: ParsedDocument] = [:]
        var byPath: [String: ParsedDocument] = [:]
        var environmentVariables: Set<String>?

        init(_ documents: [ParsedDocument]) {
            for parsed in documents {
                byPath[parsed.path] = parsed
                guard let id = parsed.document?.id ?? parsed.value?["id"]?.stringValue else { continue }
                if firstPathByID[id] == nil { firstPathByID[id] = parsed.path }
                if parsedByID[id] == nil { parsedByID[id] = parsed }
                if case .environmentVariables(let variables)? = parsed.document { environmentVariables = Set(variables.variables.keys) }
            }
        }

        /// The referenced document if it is valid and of `kind`, otherwise what is wrong with the reference.
        func resolve(_ id: String, kind: DocumentKind) -> Result<AnyDocument, ReferenceFailure> {
            guard let parsed = parsedByID[id], parsed.kind == kind else { return .failure(.missing) }
            guard let document = parsed.document else { return .failure(.invalid(parsed.path)) }
            return .success(document)
        }
    }

    private enum ReferenceFailure: Error { case missing, invalid(String) }

    private static func flowProblems(_ flow: Flow, _ parsed: ParsedDocument, _ context: Context) -> [Problem] {
        var problems: [Problem] = []
        let listKey = flow.type == .power ? "blocks" : "actions"
        let folder = parsed.path.split(separator: "/").dropLast().joined(separator: "/")
        let secretsPath = folder + "/secrets.json"
        var secretNames: Set<String> = []
        if case .flowSecrets(let secrets)? = context.byPath[secretsPath]?.document { secretNames = Set(secrets.secrets.keys) }

        for (index, block) in flow.authoredBlocks.enumerated() {
            let pointer = JSONPointer(tokens: [listKey, String(index)])
            if let connectionID = block.connection {
                switch context.resolve(connectionID, kind: .connection) {
                case .failure(.missing):
                    problems.append(
                        Problem(path: parsed.path, pointer: pointer.appending("connection"), message: "unknown connection \"\(connectionID)\""))
                case .failure(.invalid(let path)):
                    problems.append(
                        Problem(
                            path: parsed.path, pointer: pointer.appending("connection"),
                            message: "connection \"\(connectionID)\" (\(path)) has errors"))
                case .success(.connection(let connection)):
                    if let app = BlockCatalog.type(block.type)?.app, app != connection.app {
                        problems.append(
                            Problem(
                                path: parsed.path, pointer: pointer.appending("connection"),
                                message: "connection \"\(connection.name)\" is a \(connection.app) account; a \(block.type) block needs \(app)"))
                    } else if !connection.enabled {
                        problems.append(
                            Problem(
                                path: parsed.path, pointer: pointer.appending("connection"),
                                message: "connection \"\(connection.name)\" is disabled", severity: .warning))
                    }
                case .success: break
                }
            }
            if block.type == BlockTypeID.callFlow, let target = block.config["flow"]?.stringValue, !target.contains("{{") {
                let configPointer = pointer.appending("config").appending("flow")
                switch context.resolve(target, kind: .flow) {
                case .failure(.missing): problems.append(Problem(path: parsed.path, pointer: configPointer, message: "unknown flow \"\(target)\""))
                case .failure(.invalid(let path)):
                    problems.append(Problem(path: parsed.path, pointer: configPointer, message: "flow \"\(target)\" (\(path)) has errors"))
                case .success: break
                }
            }
        }

        guard let value = parsed.value else { return problems }
        for reference in DynamicValues.references(in: value) {
            guard let key = reference.segments.first else { continue }
            switch reference.namespace {
            case .secrets? where !secretNames.contains(key):
                problems.append(
                    Problem(
                        path: parsed.path, pointer: reference.pointer,
                        message:
                            "{{\(reference.expression)}}: unknown flow secret \"\(key)\"; set it with `sluice flows secrets \(flow.name) set \(key)`")
                )
            case .env? where !(context.environmentVariables?.contains(key) ?? false):
                problems.append(
                    Problem(
                        path: parsed.path, pointer: reference.pointer,
                        message: "{{\(reference.expression)}}: unknown environment variable \"\(key)\""))
            default: break
            }
        }
        return problems
    }

    private static func secretsProblems(_ secrets: FlowSecrets, _ parsed: ParsedDocument, _ context: Context) -> [Problem] {
        let flowPath = parsed.path.split(separator: "/").dropLast().joined(separator: "/") + "/flow.json"
        guard let flowDocument = context.byPath[flowPath] else {
            return [Problem(path: parsed.path, message: "secrets without a flow: \(flowPath) does not exist")]
        }
        if let flowID = flowDocument.document?.id ?? flowDocument.value?["id"]?.stringValue, flowID != secrets.flow {
            return [Problem(path: parsed.path, pointer: "/flow", message: "belongs to flow \"\(secrets.flow)\" but \(flowPath) has id \"\(flowID)\"")]
        }
        return []
    }
}
