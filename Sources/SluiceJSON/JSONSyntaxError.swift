/// A JSON document that could not be parsed, with where and why.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the problem.
    public let line: Int
    /// The 1-based column of the problem, counted in Unicode scalars (not bytes or UTF-16 units).
    public let column: Int
    /// The 0-based byte offset of the problem in the input.
    public let offset: Int
    /// The pointer of the value being parsed when parsing failed, where known. For a duplicate
    /// key this is the object holding the key.
    public let pointer: JSONPointer?
    /// What went wrong, short and lower case, e.g. `unterminated string`.
    public let message: String

    /// Creates an error.
    public init(line: Int, column: Int, offset: Int = 0, pointer: JSONPointer?, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.pointer = pointer
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String {
        "line \(line), column \(column): \(message)"
    }
}
