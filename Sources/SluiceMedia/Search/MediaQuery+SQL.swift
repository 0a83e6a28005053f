import Foundation
import GRDB

/// A query as a SQL condition over the `asset` table, values always bound as arguments.
extension MediaQuery {
    /// The condition and its arguments; throws for a field or value the catalog cannot match.
    func sqlCondition(query text: String) throws(MediaError) -> (sql: String, arguments: [DatabaseValueConvertible?]) {
        switch self {
        case .all: return ("1", [])
        case .term(let term): return try term.sqlCondition(query: text)
        case .not(let inner):
            let (sql, arguments) = try inner.sqlCondition(query: text)
            return (inner.isChain ? "NOT (\(sql))" : "NOT \(sql)", arguments)
        case .and, .or:
            // Parentheses only where SQL's precedence needs them (an OR inside an AND), and a chain of one operator is
            // one level: SQLite's parser stack is shallow. A term's condition is one unit or brings its own.
            var parts: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            for operand in chainOperands() {
                let (sql, operandArguments) = try operand.sqlCondition(query: text)
                if case .and = self, case .or = operand { parts.append("(\(sql))") } else { parts.append(sql) }
                arguments += operandArguments
            }
            let joiner = if case .and = self { " AND " } else { " OR " }
            return (parts.joined(separator: joiner), arguments)
        }
    }

    private var isChain: Bool {
        switch self {
        case .and, .or: true
        case .term, .not, .all: false
        }
    }

    /// The operands of a chain of `and` (or of `or`) in order, however the parser grouped them.
    private func chainOperands() -> [MediaQuery] {
        var operands: [MediaQuery] = []
        var pending = [self]
        while let next = pending.popLast() {
            switch (self, next) {
            case (.and, .and(let left, let right)), (.or, .or(let left, let right)): pending += [right, left]
            default: operands.append(next)
            }
        }
        return operands
    }
}

extension MediaQuery.Term {
    private func fail(_ reason: String, _ query: String) -> MediaError { .badQuery(query: query, position: position, reason: reason) }

    fileprivate func sqlCondition(query: String) throws(MediaError) -> (sql: String, arguments: [DatabaseValueConvertible?]) {
        switch field {
        case "":
            let pattern = "%" + Self.escapeLike(value) + "%"
            return ("(asset.public_id LIKE ? ESCAPE '\\' OR asset.original_filename LIKE ? ESCAPE '\\')", [pattern, pattern])
        case "tags", "tag":
            let exists = "EXISTS (SELECT 1 FROM tag WHERE tag.public_id = asset.public_id AND tag.tag = ?)"
            switch op {
            case .equals: return (exists, [value])
            case .notEquals: return ("NOT " + exists, [value])
            default: throw fail("tags take : or !=", query)
            }
        case "folder":
            let condition: (String, [DatabaseValueConvertible?])
            if value == "*" {
                condition = ("1", [])
            } else if value.hasSuffix("/*") {
                let folder = String(value.dropLast(2))
                condition = ("(asset.folder = ? OR asset.folder LIKE ? ESCAPE '\\')", [folder, Self.escapeLike(folder) + "/%"])
            } else {
                condition = ("asset.folder = ?", [value])
            }
            switch op {
            case .equals: return condition
            case .notEquals: return ("NOT (\(condition.0))", condition.1)
            default: throw fail("folder takes : or !=", query)
            }
        case "type", "resource_type":
            guard MediaInfo.ResourceType(rawValue: value.lowercased()) != nil else { throw fail("type is image, video or raw", query) }
            return try text("asset.resource_type", value.lowercased(), query)
        case "format":
            let format = value.lowercased() == "jpeg" ? "jpg" : value.lowercased()
            return try text("asset.format", format, query)
        case "public_id", "id":
            if value.hasSuffix("*"), op == .equals || op == .notEquals {
                let like = ("asset.public_id LIKE ? ESCAPE '\\'", [Self.escapeLike(String(value.dropLast())) + "%"] as [DatabaseValueConvertible?])
                return op == .equals ? like : ("NOT (\(like.0))", like.1)
            }
            return try text("asset.public_id", value, query)
        case "bytes":
            guard let bytes = Self.byteCount(value) else { throw fail("\"\(value)\" is not a size (like 500kb)", query) }
            return try number("asset.bytes", bytes)
        case "width", "height":
            guard let number = Double(value) else { throw fail("\"\(value)\" is not a number", query) }
            return try self.number("asset.\(field)", number)
        case "created", "updated":
            return try date("asset.\(field)_at", query)
        default:
            if field.hasPrefix("metadata."), field.count > 9 { return try keyed(table: "metadata", key: String(field.dropFirst(9)), query) }
            if field.hasPrefix("context."), field.count > 8 { return try keyed(table: "context", key: String(field.dropFirst(8)), query) }
            throw fail(
                "unknown field \"\(field)\" (tags, folder, type, format, public_id, bytes, width, height, created, updated, metadata.KEY, context.KEY)",
                query)
        }
    }

    private func text(_ column: String, _ value: String, _ query: String) throws(MediaError) -> (String, [DatabaseValueConvertible?]) {
        switch op {
        case .equals: return ("\(column) = ?", [value])
        case .notEquals: return ("\(column) != ?", [value])
        default: throw fail("\(field) takes : or !=", query)
        }
    }

    private func number(_ column: String, _ value: Double) throws(MediaError) -> (String, [DatabaseValueConvertible?]) {
        let sqlOperator = op == .equals ? "=" : op.rawValue
        return ("\(column) \(sqlOperator) ?", [value])
    }

    private func date(_ column: String, _ query: String) throws(MediaError) -> (String, [DatabaseValueConvertible?]) {
        if let day = Self.day(value) {
            let start = day.timeIntervalSince1970
            let end = start + 86_400
            switch op {
            case .equals: return ("(\(column) >= ? AND \(column) < ?)", [start, end])
            case .notEquals: return ("(\(column) < ? OR \(column) >= ?)", [start, end])
            case .greater: return ("\(column) >= ?", [end])
            case .greaterOrEqual: return ("\(column) >= ?", [start])
            case .less: return ("\(column) < ?", [start])
            case .lessOrEqual: return ("\(column) < ?", [end])
            }
        }
        guard let time = ISO8601DateFormatter().date(from: value) else {
            throw fail("\"\(value)\" is not a date (2026-05-01) or a time (2026-05-01T10:00:00Z)", query)
        }
        return try number(column, time.timeIntervalSince1970)
    }

    private func keyed(table: String, key: String, _ query: String) throws(MediaError) -> (String, [DatabaseValueConvertible?]) {
        let scope = "SELECT 1 FROM \(table) WHERE \(table).public_id = asset.public_id AND \(table).key = ?"
        switch op {
        case .equals: return ("EXISTS (\(scope) AND \(table).value = ?)", [key, value])
        case .notEquals: return ("NOT EXISTS (\(scope) AND \(table).value = ?)", [key, value])
        default:
            guard table == "metadata" else { throw fail("context values take : or !=", query) }
            guard let number = Double(value) else { throw fail("\"\(value)\" is not a number to compare with", query) }
            return ("EXISTS (\(scope) AND metadata.number \(op.rawValue) ?)", [key, number])
        }
    }

    /// `1500`, `500kb`, `2.5MB`, `1gb` (1000-based) as a number of bytes.
    static func byteCount(_ text: String) -> Double? {
        let lower = text.lowercased()
        for (suffix, factor) in [("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("b", 1.0)] where lower.hasSuffix(suffix) {
            return Double(lower.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(lower)
    }

    /// Midnight UTC of `YYYY-MM-DD`.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
