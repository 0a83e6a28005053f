import SluiceJSON

/// Reads one document: size, syntax, kind, schema, model and the checks that need only this document.
public enum DocumentParser {
    /// The largest document Sluice reads.
    public static let maximumBytes = 4 * 1024 * 1024

    private static let validators: [DocumentKind: JSONSchemaValidator] = Dictionary(
        uniqueKeysWithValues: DocumentKind.allCases.map { kind in
            // Flows are checked without the per-type config rules; `configViolations` applies them directly.
            (kind, JSONSchemaValidator(schema: kind == .flow ? DocumentSchemas.flow(configRules: false) : DocumentSchemas.schema(for: kind)))
        }
    )

    private static let configValidators: [String: JSONSchemaValidator] = Dictionary(
        uniqueKeysWithValues: BlockCatalog.all.map { ($0.id, JSONSchemaValidator(schema: $0.configSchema)) }
    )

    /// Checks each block's `config` against its type's schema: what the shipped flow schema does
    /// with one `if`/`then` rule per block type, without trying every rule on every block.
    private static func configViolations(in value: JSONValue) -> [JSONSchemaViolation] {
        var blocks: [(JSONPointer, JSONValue)] = []
        for list in ["blocks", "actions"] {
            for (index, block) in (value[list]?.arrayValue ?? []).enumerated() {
                blocks.append((JSONPointer(tokens: [list, String(index)]), block))
            }
        }
        if let trigger = value["trigger"] { blocks.append((JSONPointer(tokens: ["trigger"]), trigger)) }
        return blocks.flatMap { pointer, block -> [JSONSchemaViolation] in
            guard let type = block["type"]?.stringValue, let validator = configValidators[type], let config = block["config"] else { return [] }
            let base = pointer.appending("config")
            return validator.validate(config).map {
                JSONSchemaViolation(pointer: JSONPointer(tokens: base.tokens + $0.pointer.tokens), message: $0.message)
            }
        }
    }

    /// Parses the document at `path` (relative to the workspace) from `bytes`.
    public static func parse(path: String, bytes: [UInt8]) -> ParsedDocument {
        guard let kind = WorkspaceLayout.kind(at: path) else {
            return ParsedDocument(
                path: path, kind: .flow, bytes: bytes, value: nil, document: nil,
                problems: [Problem(path: path, message: "not a place for a Sluice document")])
        }
        return parse(path: path, kind: kind, bytes: bytes)
    }

    /// Parses `bytes` as a document of `kind` stored at `path`.
    public static func parse(path: String, kind: DocumentKind, bytes: [UInt8]) -> ParsedDocument {
        func failed(_ problems: [Problem]) -> ParsedDocument {
            ParsedDocument(path: path, kind: kind, bytes: bytes, value: nil, document: nil, problems: problems)
        }
        if bytes.count > maximumBytes {
            return failed([Problem(path: path, message: DocumentFile.Refusal.tooLarge(bytes: bytes.count).description, line: 1, column: 1)])
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, limits: JSONLimits(maxDepth: 128, maxBytes: maximumBytes))
        } catch {
            return failed([
                Problem(
                    path: path, pointer: error.pointer ?? .root, message: "invalid JSON: \(error.message)",
                    line: error.line, column: error.column)
            ])
        }
        let checked = check(value, kind: kind, path: path)
        return ParsedDocument(path: path, kind: kind, bytes: bytes, value: value, document: checked.decoded, problems: checked.problems)
    }

    /// Checks a JSON value as a document of `kind` stored at `path`: kind, schema, model and the checks that need only
    /// this document. For a value that did not come from bytes, such as a merge result; problems carry no line.
    public static func check(_ value: JSONValue, kind: DocumentKind, path: String) -> CheckedDocument {
        func failed(_ problems: [Problem]) -> CheckedDocument { CheckedDocument(decoded: nil, problems: problems) }
        guard case .object(let object) = value else {
            return failed([Problem(path: path, message: "expected a JSON object, found \(value.typeName)")])
        }
        if let declared = object["kind"]?.stringValue, declared != kind.rawValue {
            let known = DocumentKind(rawValue: declared) != nil
            let message =
                known
                ? "a \"\(declared)\" document does not belong at \(path); expected kind \"\(kind.rawValue)\""
                : "unknown kind \"\(declared)\"; expected \"\(kind.rawValue)\""
            return failed([Problem(path: path, pointer: "/kind", message: message)])
        }
        var violations = validators[kind]?.validate(value) ?? []
        if kind == .flow {
            let seen = Set(violations)
            violations += configViolations(in: value).filter { !seen.contains($0) }
        }
        if !violations.isEmpty {
            return failed(violations.map { Problem(path: path, pointer: $0.pointer, message: friendlier($0, in: value)) })
        }
        let document: AnyDocument
        do {
            document = try AnyDocument.decode(kind, from: value)
        } catch let error as DecodingError {
            return failed([Problem(path: path, pointer: error.jsonPointer, message: error.shortMessage)])
        } catch {
            return failed([Problem(path: path, message: "\(error)")])
        }
        // The name rules of the CLI hold for hand-edited names too.
        let nameProblem: (String) -> [Problem] = { name in
            Slug.problem(withName: name).map { [Problem(path: path, pointer: "/name", message: $0)] } ?? []
        }
        switch document {
        case .flow(let flow):
            return CheckedDocument(decoded: document, problems: nameProblem(flow.name) + FlowChecker.problems(in: flow, value: value, path: path))
        case .connection(let connection): return CheckedDocument(decoded: document, problems: nameProblem(connection.name))
        case .transformation(let named):
            var problems: [Problem] = []
            if let problem = NamedTransformation.nameProblem(WorkspaceLayout.transformationName(at: path)) {
                problems.append(Problem(path: path, message: problem))
            }
            if let problem = FieldSyntax.transformation.problem(in: named.transformation) {
                problems.append(Problem(path: path, pointer: "/transformation", message: problem))
            }
            return CheckedDocument(decoded: document, problems: problems)
        default: return CheckedDocument(decoded: document, problems: [])
        }
    }

    /// Replaces the schema's long enum message for block types with one that names the bad type.
    private static func friendlier(_ violation: JSONSchemaViolation, in value: JSONValue) -> String {
        let tokens = violation.pointer.tokens
        guard tokens.last == "type", tokens.count >= 2, ["blocks", "actions", "trigger"].contains(tokens[0]),
            let type = value.value(at: violation.pointer)?.stringValue, BlockCatalog.type(type) == nil
        else { return violation.message }
        return "unknown block type \"\(type)\" (`sluice blocks` lists them)"
    }
}

/// What the single-document checks found in one JSON value.
public struct CheckedDocument: Sendable {
    /// The typed document, when the value passes the schema and decodes; it may still break a rule in `problems`.
    public var decoded: AnyDocument?
    /// Every problem found, without lines and columns.
    public var problems: [Problem]

    /// The problems that make the document unusable.
    public var errors: [Problem] { problems.filter { $0.severity == .error } }
}
