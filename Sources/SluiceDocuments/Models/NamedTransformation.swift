/// A named transformation (`transformations/<name>.json`), used in other transformations as `t_<name>`. Stored as a
/// document, it syncs, merges and promotes like a flow.
public struct NamedTransformation: Codable, Sendable, Hashable {
    public var schema: String?
    public var kind: DocumentKind = .transformation
    public var id: String
    public var schemaVersion: Int = 1
    /// The transformation in Cloudinary's syntax; it may use other named transformations.
    public var transformation: String
    /// What it is for.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case kind, id, schemaVersion, transformation, description
    }

    public init(transformation: String, description: String? = nil, id: String = Identifiers.documentID(.transformation)) {
        self.id = id
        self.transformation = transformation
        self.description = description
    }

    /// What is wrong with a name for a named transformation, or nil: letters, digits, `-` and `_`, at most 100.
    public static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.count <= 100, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return "a named transformation's name is letters, digits, - and _ (at most 100 characters), got \"\(name.prefix(100))\""
        }
        return nil
    }
}
