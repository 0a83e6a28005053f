import Foundation

/// A search query that does not parse, or asks for a field or value no asset can be matched on.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var query: String
    /// The character offset (from 1).
    public var position: Int
    public var reason: String

    public init(query: String, position: Int, reason: String) {
        self.query = query
        self.position = position
        self.reason = reason
    }

    public var description: String { "search \"\(Self.excerpt(of: query, around: position))\": at \(position): \(reason)" }

    /// The query, or for a long one the 60 characters around `position` (from 1) with `…` where text is left out.
    public static func excerpt(of query: String, around position: Int) -> String {
        let characters = Array(query)
        guard characters.count > 80 else { return query }
        let start = max(0, min(position - 30, characters.count - 60))
        let end = min(characters.count, start + 60)
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }
}

extension MediaQuery {
    /// What one term asks of an asset, with its value read (a size, a number, a day), together with the term's
    /// operator. Only operators a condition can take get this far: `:` and `!=` for text, any for numbers and dates.
    public enum Condition: Sendable, Hashable {
        /// A bare word: the public id or the file name contains it.
        case contains(String)
        case tag(String)
        /// A folder exactly, with its subfolders, or (nil) any folder.
        case folder(String?, subfolders: Bool)
        case resourceType(String)
        case format(String)
        case publicID(String)
        case publicIDPrefix(String)
        case number(NumberField, Double)
        /// A whole day (midnight UTC to midnight UTC).
        case day(DateField, Date)
        case time(DateField, Date)
        case metadata(key: String, text: String)
        case metadataNumber(key: String, Double)
        case context(key: String, text: String)
        /// A fact read from the pixels or the streams at upload (`facts.duration>30`), by its key in ``factKinds``.
        case factNumber(key: String, Double)
        case factText(key: String, String)
        case factFlag(key: String, Bool)

        /// The facts an upload records (docs/media.md), and what kind of value each holds.
        public enum FactKind: Sendable, Hashable { case number, text, flag }
        public static let factKinds: [String: FactKind] = [
            "pages": .number, "orientation": .number, "duration": .number, "frameRate": .number, "colorSpace": .text, "camera": .text,
            "takenAt": .text, "videoCodec": .text, "audioCodec": .text, "hasAlpha": .flag, "hasGPS": .flag,
        ]

        public enum NumberField: String, Sendable, Hashable { case bytes, width, height }
        public enum DateField: String, Sendable, Hashable { case created, updated }

        /// The resource types a `type:` term may name.
        public static let resourceTypes: Set<String> = ["image", "video", "raw"]

        /// Why a term cannot be matched, and which part of it is at fault (for the position an error names).
        struct Refusal: Error {
            enum Part { case field, `operator`, value }
            var part: Part
            var reason: String
        }

        /// The condition of `field op value`; throws the reason it cannot be matched.
        init(field: String, op: Term.Operator, value: String) throws(Refusal) {
            func fail(_ reason: String, _ part: Refusal.Part = .value) -> Refusal { Refusal(part: part, reason: reason) }
            let equality = op == .equals || op == .notEquals
            func textOnly(_ condition: Condition) throws(Refusal) -> Condition {
                guard equality else { throw fail("the \(field) field takes : or !=", .operator) }
                return condition
            }
            switch field {
            case "tags", "tag":
                self = try textOnly(.tag(value))
            case "folder":
                if value == "*" {
                    self = try textOnly(.folder(nil, subfolders: true))
                } else if value.hasSuffix("/*") {
                    self = try textOnly(.folder(String(value.dropLast(2)), subfolders: true))
                } else {
                    self = try textOnly(.folder(value, subfolders: false))
                }
            case "type", "resource_type":
                guard Self.resourceTypes.contains(value.lowercased()) else { throw fail("type is image, video or raw") }
                self = try textOnly(.resourceType(value.lowercased()))
            case "format":
                self = try textOnly(.format(value.lowercased() == "jpeg" ? "jpg" : value.lowercased()))
            case "public_id", "id":
                self = try textOnly(value.hasSuffix("*") ? .publicIDPrefix(String(value.dropLast())) : .publicID(value))
            case "bytes":
                guard let bytes = Self.byteCount(value) else { throw fail("\"\(value)\" is not a size (like 500kb)") }
                self = .number(.bytes, bytes)
            case "width", "height":
                guard let number = Self.number(value) else { throw fail("\"\(value)\" is not a number") }
                self = .number(field == "width" ? .width : .height, number)
            case "created", "updated":
                let dateField: DateField = field == "created" ? .created : .updated
                if let day = Self.day(value) {
                    self = .day(dateField, day)
                } else if let time = ISO8601DateFormatter().date(from: value) {
                    self = .time(dateField, time)
                } else {
                    throw fail("\"\(value)\" is not a date (2026-05-01) or a time (2026-05-01T10:00:00Z)")
                }
            default:
                if field.hasPrefix("metadata."), field.count > 9 {
                    let key = String(field.dropFirst(9))
                    if equality {
                        self = .metadata(key: key, text: value)
                    } else {
                        guard let number = Self.number(value) else { throw fail("\"\(value)\" is not a number to compare with") }
                        self = .metadataNumber(key: key, number)
                    }
                } else if field.hasPrefix("context."), field.count > 8 {
                    guard equality else { throw fail("the \(field) field takes : or !=", .operator) }
                    self = .context(key: String(field.dropFirst(8)), text: value)
                } else if field.hasPrefix("facts.") {
                    self = try Self.fact(String(field.dropFirst(6)), op: op, value: value)
                } else {
                    throw fail(
                        "unknown field \"\(field)\" (tags, folder, type, format, public_id, bytes, width, height, created, updated, metadata.KEY, context.KEY, facts.KEY)",
                        .field)
                }
            }
        }

        /// A `facts.KEY` term: numbers take every operator, text `:` and `!=` (`takenAt`, ISO times, every operator),
        /// true-or-false facts `:` and `!=` with `true` or `false`.
        private static func fact(_ name: String, op: Term.Operator, value: String) throws(Refusal) -> Condition {
            guard let (key, kind) = factKinds.first(where: { $0.key.lowercased() == name.lowercased() }) else {
                throw Refusal(part: .field, reason: "unknown fact \"\(name)\" (\(factKinds.keys.sorted().joined(separator: ", ")))")
            }
            let equality = op == .equals || op == .notEquals
            switch kind {
            case .number:
                guard let number = number(value) else { throw Refusal(part: .value, reason: "\"\(value)\" is not a number") }
                return .factNumber(key: key, number)
            case .text:
                guard equality || key == "takenAt" else { throw Refusal(part: .operator, reason: "facts.\(key) takes : or !=") }
                return .factText(key: key, value)
            case .flag:
                guard equality else { throw Refusal(part: .operator, reason: "facts.\(key) takes : or !=") }
                guard let flag = Bool(value.lowercased()) else { throw Refusal(part: .value, reason: "facts.\(key) is true or false") }
                return .factFlag(key: key, flag)
            }
        }

        /// A finite number.
        static func number(_ text: String) -> Double? { Double(text).flatMap { $0.isFinite ? $0 : nil } }

        /// `1500`, `500kb`, `2.5MB`, `1gb` (1000-based) as a number of bytes.
        static func byteCount(_ text: String) -> Double? {
            let lower = text.lowercased()
            for (suffix, factor) in [("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("b", 1.0)] where lower.hasSuffix(suffix) {
                return number(String(lower.dropLast(suffix.count))).map { $0 * factor }
            }
            return number(lower)
        }

        /// Midnight UTC of `YYYY-MM-DD`.
        static func day(_ text: String) -> Date? {
            let parts = text.split(separator: "-")
            guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
                return nil
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
            let components = DateComponents(year: year, month: month, day: day)
            guard components.isValidDate(in: calendar) else { return nil }
            return calendar.date(from: components)
        }
    }
}
