import SluiceJSON

/// Facts as compact JSON for a cache: written and read by hand, since a cache is read thousands of entries at a time.
extension DocumentFacts {
    /// Bump when the facts or the checks that produce them change, so cached facts from older code are dropped.
    public static let storageVersion = 3

    /// Identifies the rules facts were made under: the storage version and every shipped schema (which the block and
    /// app catalogs generate). A cache keyed by it drops facts made by a Sluice with other rules.
    public static let rulesFingerprint: String = {
        // FNV-1a: stable across processes, unlike `Hasher`.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let text = "\(storageVersion)" + DocumentKind.allCases.map { DocumentSchemas.schema(for: $0).compactText() }.joined()
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "\(storageVersion)-" + String(hash, radix: 16)
    }()

    /// The facts as one JSON object (the path is stored beside it, not in it).
    public var storedValue: JSONValue {
        var object: JSONObject = ["kind": .string(kind.rawValue), "valid": .bool(isValid)]
        if let id { object["id"] = .string(id) }
        if let name { object["name"] = .string(name) }
        if !problems.isEmpty { object["problems"] = .array(problems.map(Self.store)) }
        if !references.isEmpty {
            object["references"] = .array(
                references.map { reference in
                    var items: [JSONValue] = [.string(reference.target.rawValue), .string(reference.key), .string(reference.pointer.description)]
                    if let detail = reference.detail { items.append(.string(detail)) }
                    return .array(items)
                })
        }
        if let flow {
            object["flow"] = [
                "type": .string(flow.type.rawValue), "enabled": .bool(flow.enabled), "favorite": .bool(flow.favorite),
                "trigger": flow.trigger.map(JSONValue.string) ?? .null, "blocks": .number(JSONNumber(flow.blocks)),
                "connections": .array(flow.connections.map(JSONValue.string)),
            ]
        }
        if let owner { object["owner"] = .string(owner) }
        if !names.isEmpty { object["names"] = .array(names.map(JSONValue.string)) }
        if let app { object["app"] = .string(app) }
        if let enabled { object["enabled"] = .bool(enabled) }
        return .object(object)
    }

    /// Facts read back from ``storedValue``; nil when the value is not what this version writes.
    public init?(path: String, storedValue value: JSONValue) {
        guard let kind = value["kind"]?.stringValue.flatMap(DocumentKind.init(rawValue:)), let isValid = value["valid"]?.boolValue else {
            return nil
        }
        self.path = path
        self.kind = kind
        self.isValid = isValid
        id = value["id"]?.stringValue
        name = value["name"]?.stringValue
        var problems: [Problem] = []
        for item in value["problems"]?.arrayValue ?? [] {
            guard let problem = Self.problem(item, path: path) else { return nil }
            problems.append(problem)
        }
        self.problems = problems
        for item in value["references"]?.arrayValue ?? [] {
            guard let parts = item.arrayValue?.compactMap(\.stringValue), parts.count >= 3,
                let target = Reference.Target(rawValue: parts[0]), let pointer = try? JSONPointer(parsing: parts[2])
            else { return nil }
            references.append(Reference(target: target, key: parts[1], pointer: pointer, detail: parts.count > 3 ? parts[3] : nil))
        }
        if let flow = value["flow"] {
            guard let type = flow["type"]?.stringValue.flatMap(FlowType.init(rawValue:)), let enabled = flow["enabled"]?.boolValue,
                let favorite = flow["favorite"]?.boolValue, let blocks = flow["blocks"]?.intValue
            else { return nil }
            self.flow = FlowListing(
                type: type, enabled: enabled, favorite: favorite, trigger: flow["trigger"]?.stringValue, blocks: blocks,
                connections: flow["connections"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        owner = value["owner"]?.stringValue
        names = value["names"]?.arrayValue?.compactMap(\.stringValue) ?? []
        app = value["app"]?.stringValue
        enabled = value["enabled"]?.boolValue
    }

    private static func store(_ problem: Problem) -> JSONValue {
        .array([
            .string(problem.pointer.description), .string(problem.message), .string(problem.severity.rawValue),
            .number(JSONNumber(problem.line ?? 1)), .number(JSONNumber(problem.column ?? 1)),
        ])
    }

    private static func problem(_ value: JSONValue, path: String) -> Problem? {
        guard let parts = value.arrayValue, parts.count == 5, let pointer = parts[0].stringValue.flatMap({ try? JSONPointer(parsing: $0) }),
            let message = parts[1].stringValue, let severity = parts[2].stringValue.flatMap(Problem.Severity.init(rawValue:))
        else { return nil }
        return Problem(path: path, pointer: pointer, message: message, severity: severity, line: parts[3].intValue, column: parts[4].intValue)
    }
}
