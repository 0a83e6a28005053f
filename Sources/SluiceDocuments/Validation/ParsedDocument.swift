import SluiceJSON

/// A document file read from disk or from git: its bytes, its value and model when valid, and its problems.
public struct ParsedDocument: Sendable {
    public let path: String
    public let kind: DocumentKind
    public let bytes: [UInt8]
    /// The JSON value, when the text parses.
    public let value: JSONValue?
    /// The typed document, when it has no errors.
    public private(set) var document: AnyDocument?
    /// Every problem found so far, located by line and column.
    public private(set) var problems: [Problem]

    init(path: String, kind: DocumentKind, bytes: [UInt8], value: JSONValue?, document: AnyDocument?, problems: [Problem]) {
        self.path = path
        self.kind = kind
        self.bytes = bytes
        self.value = value
        self.document = document
        self.problems = []
        add(problems)
    }

    /// Whether the document loaded without errors.
    public var isValid: Bool { document != nil && !problems.hasErrors }

    /// Whether the bytes on disk are already in canonical form.
    public var isCanonical: Bool {
        guard let document, let canonical = try? document.canonicalBytes(at: path) else { return true }
        return canonical == bytes
    }

    /// Adds problems, locating each one's line and column; an error makes the document unusable.
    public mutating func add(_ newProblems: [Problem]) {
        guard !newProblems.isEmpty else { return }
        problems = (problems + newProblems).located(in: bytes)
        if problems.hasErrors { document = nil }
    }
}
