import Foundation

/// A search over the catalog, parsed from text:
///
///     tags:product AND folder:products/* AND width>=800 -format:gif
///     (type:video OR bytes>2mb) AND created>=2026-01-01 metadata.sku=A-17 context.alt:"red bag"
///
/// Terms are `field op value` with `:` or `=` (equals; for `tags`, has the tag), `!=`, `>`, `>=`, `<`, `<=`. Terms
/// next to each other must all match (AND); `OR`, `NOT` (or a leading `-`) and parentheses combine them. A word on its
/// own matches public ids and file names containing it. Fields: `tags` (`tag`), `folder` (`products` exactly,
/// `products/*` with subfolders), `type` (image, video, raw), `format`, `public_id` (`shoes/*` for a prefix), `bytes`
/// (with kb, mb, gb: 1000-based), `width`, `height`, `created`, `updated` (a date `2026-05-01`, which as `:` means that
/// day, or a time `2026-05-01T10:00:00Z`), `metadata.<key>`, `context.<key>` and `facts.<key>` (what the upload read
/// from the pixels or streams: `facts.duration>30`, `facts.hasGPS:true`, `facts.camera:"Canon EOS R5"`).
///
/// The language belongs to documents (a Search Media block's expression is part of a flow), so `validate` checks it;
/// the media library turns a parsed query into SQL. Parsing checks every field, operator and value: a query that
/// parses can always be searched.
public indirect enum MediaQuery: Sendable, Hashable {
    case term(Term)
    case not(MediaQuery)
    case and(MediaQuery, MediaQuery)
    case or(MediaQuery, MediaQuery)
    /// Everything (the empty query).
    case all

    /// One condition.
    public struct Term: Sendable, Hashable {
        public enum Operator: String, Sendable, Hashable {
            case equals = ":", notEquals = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
        }
        /// The field, lower-cased except for the key after `metadata.` or `context.`; empty for a bare word.
        public var field: String
        public var op: Operator
        public var value: String
        /// What the term asks of an asset, checked when the term was parsed.
        public var condition: Condition
        /// Where the term starts in the query text (from 1), for errors.
        public var position: Int
    }

    /// Parses and checks `text`; throws a ``QueryError`` naming the place.
    public static func parse(_ text: String) throws(QueryError) -> MediaQuery {
        var parser = QueryParser(text: text)
        return try parser.parseQuery()
    }
}

/// Recursive descent over the characters of a query.
struct QueryParser {
    /// The longest query, in characters.
    static let maximumLength = 10_000
    /// The deepest nesting of parentheses and negations.
    static let maximumDepth = 32
    /// The most conditions in one query (SQLite, and the recursion over the parsed query, stay well inside their limits).
    static let maximumTerms = 256

    let text: String
    private let characters: [Character]
    private var index = 0
    private var depth = 0
    private var terms = 0

    init(text: String) {
        self.text = text
        characters = Array(text)
    }

    mutating func parseQuery() throws(QueryError) -> MediaQuery {
        guard characters.count <= Self.maximumLength else {
            throw fail("the query is \(characters.count) characters long; the limit is \(Self.maximumLength)", at: Self.maximumLength)
        }
        skipSpaces()
        if index == characters.count { return .all }
        let query = try parseOr()
        skipSpaces()
        if index < characters.count { throw fail(characters[index] == ")" ? "a \")\" without \"(\"" : "unexpected \"\(characters[index])\"") }
        return query
    }

    private func fail(_ reason: String, at position: Int? = nil) -> QueryError {
        QueryError(query: text, position: (position ?? index) + 1, reason: reason)
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    /// The next bare word (letters up to a space, a parenthesis or an operator), without consuming it.
    private func peekKeyword() -> String {
        var end = index
        while end < characters.count, !characters[end].isWhitespace, !"()".contains(characters[end]) { end += 1 }
        return String(characters[index..<end])
    }

    private mutating func consumeKeyword(_ keyword: String) -> Bool {
        skipSpaces()
        let word = peekKeyword()
        guard word.uppercased() == keyword, word.count == keyword.count else { return false }
        index += keyword.count
        return true
    }

    private mutating func parseOr() throws(QueryError) -> MediaQuery {
        var left = try parseAnd()
        while consumeKeyword("OR") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(QueryError) -> MediaQuery {
        var left = try parseUnary()
        while true {
            skipSpaces()
            guard index < characters.count, characters[index] != ")", peekKeyword().uppercased() != "OR" else { return left }
            _ = consumeKeyword("AND")
            left = .and(left, try parseUnary())
        }
    }

    private mutating func parseUnary() throws(QueryError) -> MediaQuery {
        skipSpaces()
        guard index < characters.count else { throw fail("a condition is missing at the end") }
        if consumeKeyword("NOT") { return .not(try nested { (parser) throws(QueryError) in try parser.parseUnary() }) }
        if characters[index] == "-" {
            index += 1
            return .not(try nested { (parser) throws(QueryError) in try parser.parseUnary() })
        }
        if characters[index] == "(" {
            let open = index
            index += 1
            let inner = try nested { (parser) throws(QueryError) in try parser.parseOr() }
            skipSpaces()
            guard index < characters.count, characters[index] == ")" else { throw fail("\"(\" is not closed", at: open) }
            index += 1
            return inner
        }
        if characters[index] == ")" { throw fail("a condition is missing before \")\"") }
        return .term(try parseTerm())
    }

    /// `body` one level deeper in parentheses or negations, refused past the limit.
    private mutating func nested(_ body: (inout QueryParser) throws(QueryError) -> MediaQuery) throws(QueryError) -> MediaQuery {
        guard depth < Self.maximumDepth else { throw fail("the query nests more than \(Self.maximumDepth) levels deep") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func parseTerm() throws(QueryError) -> MediaQuery.Term {
        terms += 1
        guard terms <= Self.maximumTerms else { throw fail("the query has more than \(Self.maximumTerms) conditions") }
        let start = index
        var field = ""
        while index < characters.count, !characters[index].isWhitespace, !"():=!<>\"".contains(characters[index]) {
            field.append(characters[index])
            index += 1
        }
        guard let op = parseOperator() else {
            guard !field.isEmpty else { throw fail("unexpected \"\(characters[index])\"") }
            return MediaQuery.Term(field: "", op: .equals, value: field, condition: .contains(field), position: start + 1)
        }
        guard !field.isEmpty else { throw fail("a field name is missing before \"\(op.rawValue)\"", at: start) }
        let operatorStart = start + field.count
        let valueStart = index
        let value = try parseValue()
        let normalized = Self.normalized(field)
        do {
            let condition = try MediaQuery.Condition(field: normalized, op: op, value: value)
            return MediaQuery.Term(field: normalized, op: op, value: value, condition: condition, position: start + 1)
        } catch {
            let at =
                switch error.part {
                case .field: start
                case .operator: operatorStart
                case .value: valueStart
                }
            throw fail(error.reason, at: at)
        }
    }

    private static func normalized(_ field: String) -> String {
        for prefix in ["metadata.", "context."] where field.lowercased().hasPrefix(prefix) {
            return prefix + field.dropFirst(prefix.count)
        }
        return field.lowercased()
    }

    private mutating func parseOperator() -> MediaQuery.Term.Operator? {
        guard index < characters.count else { return nil }
        let two = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
        for (text, op) in [(">=", MediaQuery.Term.Operator.greaterOrEqual), ("<=", .lessOrEqual), ("!=", .notEquals)] where two == text {
            index += 2
            return op
        }
        switch characters[index] {
        case ":", "=": index += 1; return .equals
        case ">": index += 1; return .greater
        case "<": index += 1; return .less
        default: return nil
        }
    }

    private mutating func parseValue() throws(QueryError) -> String {
        guard index < characters.count, !characters[index].isWhitespace, characters[index] != ")" else {
            throw fail("a value is missing")
        }
        if characters[index] == "\"" {
            let open = index
            index += 1
            var value = ""
            while index < characters.count, characters[index] != "\"" {
                if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                value.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw fail("the quote is not closed", at: open) }
            index += 1
            return value
        }
        var value = ""
        while index < characters.count, !characters[index].isWhitespace, characters[index] != ")" {
            value.append(characters[index])
            index += 1
        }
        return value
    }
}
