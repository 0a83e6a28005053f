import SluiceJSON

/// What the cross-document checks and the listings need from one parsed document: small enough to cache
/// by content, so that a workspace of thousands of documents is checked without parsing the unchanged ones.
public struct DocumentFacts: Sendable, Hashable {
    /// A reference from a flow to something outside it.
    public struct Reference: Sendable, Hashable {
        /// What the reference names.
        public enum Target: String, Sendable, Hashable {
            /// A connection id, from a block's `connection`.
            case connection
            /// A flow id, from a call-flow block's `config.flow`.
            case flow
            /// A flow secret name, from `{{secrets.<name>}}`.
            case secret
            /// An environment variable name, from `{{env.<name>}}`.
            case variable
            /// A named transformation, from `t_<name>` in a transformation (of a block, or of a named transformation).
            case transformation
        }
        public var target: Target
        /// The id or name referred to.
        public var key: String
        /// Where the reference is.
        public var pointer: JSONPointer
        /// The block type (connections) or the `{{…}}` expression (secrets and variables).
        public var detail: String?

        /// A reference to `key` at `pointer`.
        public init(target: Target, key: String, pointer: JSONPointer, detail: String? = nil) {
            self.target = target
            self.key = key
            self.pointer = pointer
            self.detail = detail
        }
    }

    /// What `flows list` shows of a valid flow.
    public struct FlowListing: Sendable, Hashable {
        public var type: FlowType
        public var enabled: Bool
        public var favorite: Bool
        /// The trigger block's type.
        public var trigger: String?
        /// Blocks in the flow's graph.
        public var blocks: Int
        /// Ids of the connections the blocks use, sorted.
        public var connections: [String]
    }

    public var path: String
    public var kind: DocumentKind
    /// The document's id; read from the raw JSON when the document has errors.
    public var id: String?
    /// The document's `name`, when it has one.
    public var name: String?
    /// Whether the document loaded without errors of its own.
    public var isValid: Bool
    /// Problems found in this document alone, located and in reading order.
    public var problems: [Problem]
    /// Valid flows and named transformations: what the document refers to outside itself.
    public var references: [Reference] = []
    /// Valid flows: the listing.
    public var flow: FlowListing?
    /// Valid flow secrets: the flow they belong to.
    public var owner: String?
    /// Valid flow secrets and environment variables: the names they define.
    public var names: [String] = []
    /// Valid connections: the app and whether the account is enabled.
    public var app: String?
    public var enabled: Bool?

    /// The facts of a parsed document (its problems so far are taken as its own).
    public init(_ parsed: ParsedDocument) {
        path = parsed.path
        kind = parsed.kind
        id = parsed.document?.id ?? parsed.value?["id"]?.stringValue
        name = parsed.value?["name"]?.stringValue
        isValid = parsed.isValid
        problems = parsed.problems
        guard isValid, let document = parsed.document else { return }
        switch document {
        case .flow(let flow):
            references = Self.references(of: flow, value: parsed.value)
            let graph = flow.graph
            self.flow = FlowListing(
                type: flow.type, enabled: flow.enabled, favorite: flow.favorite,
                trigger: graph.first { BlockCatalog.type($0.type)?.isTrigger == true }?.type, blocks: graph.count,
                connections: Array(Set(graph.compactMap(\.connection))).sorted())
        case .flowSecrets(let secrets):
            owner = secrets.flow
            names = secrets.secrets.keys.sorted()
        case .environmentVariables(let variables):
            names = variables.variables.keys.sorted()
        case .connection(let connection):
            app = connection.app
            enabled = connection.enabled
        case .transformation(let named):
            references = Self.namedReferences(in: named.transformation, at: "/transformation")
        case .manifest, .notification: break
        }
    }

    /// The named transformations a transformation uses (none when it has a dynamic value or does not parse: the
    /// document's own checks report that).
    private static func namedReferences(in text: String, at pointer: JSONPointer) -> [Reference] {
        guard !text.contains("{{"), let parsed = try? Transformation.parse(text) else { return [] }
        return parsed.namedTransformations.map { Reference(target: .transformation, key: $0, pointer: pointer) }
    }

    /// Connections and called flows of the authored blocks, then `{{secrets.…}}` and `{{env.…}}` references.
    private static func references(of flow: Flow, value: JSONValue?) -> [Reference] {
        var references: [Reference] = []
        let listKey = flow.type == .power ? "blocks" : "actions"
        for (index, block) in flow.authoredBlocks.enumerated() {
            let pointer = JSONPointer(tokens: [listKey, String(index)])
            if let connection = block.connection {
                references.append(Reference(target: .connection, key: connection, pointer: pointer.appending("connection"), detail: block.type))
            }
            if block.type == BlockTypeID.callFlow, let target = block.config["flow"]?.stringValue, !target.contains("{{") {
                references.append(Reference(target: .flow, key: target, pointer: pointer.appending("config").appending("flow")))
            }
            for (field, syntax) in BlockCatalog.type(block.type)?.syntax ?? [:] where syntax == .transformation {
                guard let text = block.config[field]?.stringValue else { continue }
                references += namedReferences(in: text, at: pointer.appending("config").appending(field))
            }
        }
        for reference in value.map({ DynamicValues.references(in: $0) }) ?? [] {
            guard let key = reference.segments.first else { continue }
            switch reference.namespace {
            case .secrets?: references.append(Reference(target: .secret, key: key, pointer: reference.pointer, detail: reference.expression))
            case .env?: references.append(Reference(target: .variable, key: key, pointer: reference.pointer, detail: reference.expression))
            default: break
            }
        }
        return references
    }
}
