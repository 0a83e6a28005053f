import SluiceJSON

/// One thing wrong with a document, located by file, JSON pointer and (when known) line and column.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// Errors stop a document from loading or running; warnings are reported and let it run.
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var path: String
    public var pointer: JSONPointer
    public var message: String
    public var severity: Severity
    public var line: Int?
    public var column: Int?

    /// A problem at `pointer` of the document at `path`.
    public init(path: String, pointer: JSONPointer = .root, message: String, severity: Severity = .error, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.pointer = pointer
        self.message = message
        self.severity = severity
        self.line = line
        self.column = column
    }

    /// `path:line:column: /pointer: message`, with `warning: ` before warning messages.
    public var description: String {
        let location = "\(path):\(line ?? 1):\(column ?? 1)"
        let prefix = severity == .warning ? "warning: " : ""
        return "\(location): \(pointer.display): \(prefix)\(message)"
    }
}

extension Array where Element == Problem {
    /// Whether any of the problems is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

/// A problem as `--json` output prints it.
public struct ProblemRecord: Codable, Sendable, Hashable {
    public var path: String
    public var line: Int
    public var column: Int
    public var pointer: String
    public var severity: Problem.Severity
    public var message: String

    /// The record of a problem.
    public init(_ problem: Problem) {
        path = problem.path
        line = problem.line ?? 1
        column = problem.column ?? 1
        pointer = problem.pointer.description
        severity = problem.severity
        message = problem.message
    }
}
