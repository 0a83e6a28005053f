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

    /// `path:line:column: /pointer: message`, with `warning: ` before warning messages: one line, whatever the
    /// document holds (hidden characters escaped, a long pointer or message shortened in the middle).
    public var description: String {
        let location = "\(path.shown()):\(line ?? 1):\(column ?? 1)"
        let prefix = severity == .warning ? "warning: " : ""
        return "\(location): \(pointer.display.shown()): \(prefix)\(message.shown(limit: 400))"
    }
}

extension Array where Element == Problem {
    /// Whether any of the problems is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// The problems with line and column filled in from the document's text where missing, in the order a reader
    /// meets them in the file (problems at one position keep their order).
    public func located(in bytes: [UInt8]) -> [Problem] {
        var problems = self
        if problems.contains(where: { $0.line == nil }), let map = try? JSONSourceMap.build(bytes) {
            for index in problems.indices where problems[index].line == nil {
                guard let position = map.position(of: problems[index].pointer) else { continue }
                problems[index].line = position.line
                problems[index].column = position.column
            }
        }
        return problems.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if (a.line ?? 0, a.column ?? 0) != (b.line ?? 0, b.column ?? 0) { return (a.line ?? 0, a.column ?? 0) < (b.line ?? 0, b.column ?? 0) }
            return left.offset < right.offset
        }.map(\.element)
    }
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
