import Foundation

/// A config field whose text has a language of its own, checked by `validate` (not first when the flow runs). A value
/// with dynamic values (`{{…}}`) is checked when it is resolved.
public enum FieldSyntax: Sendable, Hashable {
    /// A media search (``MediaQuery``).
    case searchExpression
    /// A schedule (``CronExpression``).
    case cron
    /// An IANA time zone name, like `Europe/Paris`.
    case timeZone
    /// A media transformation (``Transformation``).
    case transformation

    /// What is wrong with `text` in this language, or nil when nothing is.
    public func problem(in text: String) -> String? {
        switch self {
        case .searchExpression:
            do { _ = try MediaQuery.parse(text) } catch { return "search expression, at character \(error.position): \(error.reason)" }
        case .cron:
            do { _ = try CronExpression(text) } catch { return "cron expression: \(error)" }
        case .transformation:
            do { _ = try Transformation.parse(text) } catch { return "transformation, \(error)" }
        case .timeZone:
            if TimeZone(identifier: text) == nil { return "\"\(text.prefix(80))\" is not an IANA time zone (like Europe/Paris or UTC)" }
        }
        return nil
    }
}
