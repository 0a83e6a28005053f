import SluiceJSON

/// A document of any kind.
public enum AnyDocument: Sendable, Hashable {
    case manifest(Manifest)
    case flow(Flow)
    case flowSecrets(FlowSecrets)
    case environmentVariables(EnvironmentVariables)
    case connection(Connection)
    case notification(Notification)
    case transformation(NamedTransformation)

    /// The document's kind.
    public var kind: DocumentKind {
        switch self {
        case .manifest: .manifest
        case .flow: .flow
        case .flowSecrets: .flowSecrets
        case .environmentVariables: .environmentVariables
        case .connection: .connection
        case .notification: .notification
        case .transformation: .transformation
        }
    }

    /// The document's stable id.
    public var id: String {
        switch self {
        case .manifest(let document): document.id
        case .flow(let document): document.id
        case .flowSecrets(let document): document.id
        case .environmentVariables(let document): document.id
        case .connection(let document): document.id
        case .notification(let document): document.id
        case .transformation(let document): document.id
        }
    }

    /// The canonical bytes of this document stored at `path` (DESIGN §3), `$schema` included.
    public func canonicalBytes(at path: String) throws -> [UInt8] {
        try canonicalValue(at: path).canonicalBytes()
    }

    /// The document as a JSON value in its canonical member order, with `$schema` pointing at its schema from `path`.
    public func canonicalValue(at path: String) throws -> JSONValue {
        let reference = WorkspaceLayout.schemaReference(for: kind, at: path)
        let encoder = JSONValueEncoder()
        switch self {
        case .manifest(var document): document.schema = reference; return try encoder.encode(document)
        case .flow(var document): document.schema = reference; return try encoder.encode(document)
        case .flowSecrets(var document): document.schema = reference; return try encoder.encode(document)
        case .environmentVariables(var document): document.schema = reference; return try encoder.encode(document)
        case .connection(var document): document.schema = reference; return try encoder.encode(document)
        case .notification(var document): document.schema = reference; return try encoder.encode(document)
        case .transformation(var document): document.schema = reference; return try encoder.encode(document)
        }
    }

    /// `value`, a document of `kind` stored at `path`, in the kind's canonical member order; nil when the model cannot
    /// hold it exactly (it does not decode, or decoding would drop or change a member). Checks no schema, so it is
    /// much cheaper than a full parse, for callers that only need the form.
    public static func canonicalOrder(of value: JSONValue, kind: DocumentKind, at path: String) -> JSONValue? {
        (try? decode(kind, from: value))?.canonicalValue(holding: value, at: path)
    }

    /// `value`, which this document was decoded from, in canonical member order; nil when the model does not hold it
    /// exactly (decoding dropped or changed a member).
    public func canonicalValue(holding value: JSONValue, at path: String) -> JSONValue? {
        guard case .object(var expected) = value, let ordered = try? canonicalValue(at: path) else { return nil }
        expected["$schema"] = .string(WorkspaceLayout.schemaReference(for: kind, at: path))
        return ordered == .object(expected) ? ordered : nil
    }

    /// Decodes a value already checked against the kind's schema.
    static func decode(_ kind: DocumentKind, from value: JSONValue) throws -> AnyDocument {
        let decoder = JSONValueDecoder()
        switch kind {
        case .manifest: return .manifest(try decoder.decode(Manifest.self, from: value))
        case .flow: return .flow(try decoder.decode(Flow.self, from: value))
        case .flowSecrets: return .flowSecrets(try decoder.decode(FlowSecrets.self, from: value))
        case .environmentVariables: return .environmentVariables(try decoder.decode(EnvironmentVariables.self, from: value))
        case .connection: return .connection(try decoder.decode(Connection.self, from: value))
        case .notification: return .notification(try decoder.decode(Notification.self, from: value))
        case .transformation: return .transformation(try decoder.decode(NamedTransformation.self, from: value))
        }
    }
}
