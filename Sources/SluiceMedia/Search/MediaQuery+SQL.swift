import Foundation
import GRDB
import SluiceDocuments

/// A query as a SQL condition over the `asset` table, values always bound as arguments.
extension MediaQuery {
    /// The condition and its arguments.
    var sqlCondition: (sql: String, arguments: [DatabaseValueConvertible?]) {
        switch self {
        case .all: return ("1", [])
        case .term(let term): return term.sqlCondition
        case .not(let inner):
            let (sql, arguments) = inner.sqlCondition
            return (inner.isChain ? "NOT (\(sql))" : "NOT \(sql)", arguments)
        case .and, .or:
            // Parentheses only where SQL's precedence needs them (an OR inside an AND), and a chain of one operator is
            // one level: SQLite's parser stack is shallow. A term's condition is one unit or brings its own.
            var parts: [String] = []
            var arguments: [DatabaseValueConvertible?] = []
            for operand in chainOperands() {
                let (sql, operandArguments) = operand.sqlCondition
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
    /// The term's condition in SQL; total, since parsing checked the field, the operator and the value.
    fileprivate var sqlCondition: (sql: String, arguments: [DatabaseValueConvertible?]) {
        let negated = op == .notEquals
        func equality(_ sql: String, _ arguments: [DatabaseValueConvertible?]) -> (String, [DatabaseValueConvertible?]) {
            negated ? ("NOT (\(sql))", arguments) : (sql, arguments)
        }
        switch condition {
        case .contains(let word):
            let pattern = "%" + Self.escapeLike(word) + "%"
            return ("(asset.public_id LIKE ? ESCAPE '\\' OR asset.original_filename LIKE ? ESCAPE '\\')", [pattern, pattern])
        case .tag(let tag):
            return equality("EXISTS (SELECT 1 FROM tag WHERE tag.public_id = asset.public_id AND tag.tag = ?)", [tag])
        case .folder(nil, _):
            return equality("1", [])
        case .folder(let folder?, let subfolders):
            return subfolders
                ? equality("(asset.folder = ? OR asset.folder LIKE ? ESCAPE '\\')", [folder, Self.escapeLike(folder) + "/%"])
                : equality("asset.folder = ?", [folder])
        case .resourceType(let type): return equality("asset.resource_type = ?", [type])
        case .format(let format): return equality("asset.format = ?", [format])
        case .publicID(let id): return equality("asset.public_id = ?", [id])
        case .publicIDPrefix(let prefix): return equality("asset.public_id LIKE ? ESCAPE '\\'", [Self.escapeLike(prefix) + "%"])
        case .number(let field, let value):
            let column = field == .bytes ? "asset.bytes" : "asset.\(field.rawValue)"
            return ("\(column) \(sqlOperator) ?", [value])
        case .day(let field, let day):
            let column = "asset.\(field.rawValue)_at"
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
        case .time(let field, let time): return ("asset.\(field.rawValue)_at \(sqlOperator) ?", [time.timeIntervalSince1970])
        case .metadata(let key, let text): return equality(Self.keyed("metadata", "metadata.value = ?"), [key, text])
        case .metadataNumber(let key, let number): return (Self.keyed("metadata", "metadata.number \(sqlOperator) ?"), [key, number])
        case .context(let key, let text): return equality(Self.keyed("context", "context.value = ?"), [key, text])
        case .factNumber(let key, let number): return ("CAST(json_extract(asset.facts, ?) AS REAL) \(sqlOperator) ?", ["$." + key, number])
        case .factText(let key, let text):
            return op == .notEquals || op == .equals
                ? equality("json_extract(asset.facts, ?) = ?", ["$." + key, text])
                : ("json_extract(asset.facts, ?) \(sqlOperator) ?", ["$." + key, text])
        case .factFlag(let key, let flag): return equality("json_extract(asset.facts, ?) = ?", ["$." + key, flag ? 1 : 0])
        }
    }

    private var sqlOperator: String { op == .equals ? "=" : op.rawValue }

    /// An `EXISTS` over the metadata or context rows of the asset with the key (the first argument) and `condition`.
    private static func keyed(_ table: String, _ condition: String) -> String {
        "EXISTS (SELECT 1 FROM \(table) WHERE \(table).public_id = asset.public_id AND \(table).key = ? AND \(condition))"
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
