import Foundation

/// A five-field cron expression (minute, hour, day of month, month, day of week), or one of the names `@yearly`
/// (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`) and `@hourly`.
///
/// Each field is `*` or a comma-separated list of values and ranges (`1-5`), each optionally stepped (`*/15`, `8-18/2`).
/// Months and days of week may be written as English names (`jan`, `mon`); day of week 0 and 7 are both Sunday. As in
/// cron, when both day of month and day of week are restricted, a day matching either one matches.
public struct CronExpression: Sendable, Hashable {
    public var minutes: Set<Int>
    public var hours: Set<Int>
    public var days: Set<Int>
    public var months: Set<Int>
    /// 0 (Sunday) to 6.
    public var weekdays: Set<Int>
    /// Whether the day-of-month field was not `*`.
    public var daysRestricted: Bool
    /// Whether the day-of-week field was not `*`.
    public var weekdaysRestricted: Bool

    /// Why an expression is refused: the field (from 1, 0 for the whole expression) and the reason.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        public var field: Int
        public var reason: String
        public var description: String {
            field == 0 ? reason : "field \(field) (\(CronExpression.fields[field - 1].name)): \(reason)"
        }
    }

    struct Field {
        var name: String
        var range: ClosedRange<Int>
        var names: [String]
    }

    static let fields = [
        Field(name: "minute", range: 0...59, names: []),
        Field(name: "hour", range: 0...23, names: []),
        Field(name: "day of month", range: 1...31, names: []),
        Field(name: "month", range: 1...12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        Field(name: "day of week", range: 0...7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]

    static let shorthands = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0", "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// The longest the text may be (more is no schedule anyone writes).
    static let maximumLength = 1_000

    /// Parses `text`; throws the field and reason of the first problem.
    public init(_ text: String) throws(Error) {
        guard text.count <= Self.maximumLength else { throw Error(field: 0, reason: "longer than \(Self.maximumLength) characters") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var expanded = trimmed
        if trimmed.hasPrefix("@") {
            guard let known = Self.shorthands[trimmed.lowercased()] else {
                throw Error(field: 0, reason: "unknown name \"\(trimmed)\" (@yearly, @monthly, @weekly, @daily, @hourly)")
            }
            expanded = known
        }
        let parts = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw Error(field: 0, reason: "a cron expression has 5 fields (minute hour day month weekday); this has \(parts.count)")
        }
        var sets: [Set<Int>] = []
        for (index, part) in parts.enumerated() {
            sets.append(try Self.values(part, field: index))
        }
        minutes = sets[0]
        hours = sets[1]
        days = sets[2]
        months = sets[3]
        weekdays = Set(sets[4].map { $0 % 7 })
        daysRestricted = parts[2] != "*"
        weekdaysRestricted = parts[4] != "*"
        if daysRestricted, !weekdaysRestricted, !months.contains(where: { month in days.contains { $0 <= Self.longestMonth[month - 1] } }) {
            throw Error(field: 3, reason: "no month in the expression has such a day: the schedule would never run")
        }
    }

    /// The most days each month has (February in a leap year).
    static let longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    private static func values(_ text: String, field index: Int) throws(Error) -> Set<Int> {
        let field = fields[index]
        func fail(_ reason: String) -> Error { Error(field: index + 1, reason: reason) }
        func number(_ word: Substring) throws(Error) -> Int {
            if let value = Int(word) {
                guard field.range.contains(value) else {
                    throw fail("\(value) is outside \(field.range.lowerBound)–\(field.range.upperBound)")
                }
                return value
            }
            if let position = field.names.firstIndex(of: word.lowercased()) { return position + (index == 3 ? 1 : 0) }
            throw fail(
                "\"\(word)\" is not a number" + (field.names.isEmpty ? "" : " or a name (\(field.names.prefix(3).joined(separator: ", ")), …)"))
        }
        var result = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("an empty item in \"\(text)\"") }
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw fail("\"\(item)\" has more than one /") }
            var step = 1
            if stepParts.count == 2 {
                guard let given = Int(stepParts[1]), given >= 1, given <= field.range.upperBound else {
                    throw fail("the step in \"\(item)\" must be a number from 1 to \(field.range.upperBound)")
                }
                step = given
            }
            let range: ClosedRange<Int>
            let base = stepParts[0]
            if base == "*" {
                range = field.range
            } else if let dash = base.firstIndex(of: "-") {
                let low = try number(base[..<dash])
                let high = try number(base[base.index(after: dash)...])
                guard low <= high else { throw fail("the range \"\(base)\" runs backwards") }
                range = low...high
            } else {
                let value = try number(base)
                range = stepParts.count == 2 ? value...field.range.upperBound : value...value
            }
            result.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
        }
        return result
    }
}
