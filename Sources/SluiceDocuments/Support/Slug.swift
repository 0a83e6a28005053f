import Foundation
import SluiceJSON

/// Derives file-system-safe slugs from display names and checks names a user gives.
public enum Slug {
    /// The longest name Sluice accepts for flows and connections.
    public static let maximumNameLength = 200

    /// A lower-case slug of ASCII letters, digits and single hyphens; `fallback` when nothing remains.
    public static func make(from name: String, fallback: String = "item") -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
            if slug.count >= 60 { break }
        }
        return slug.isEmpty ? fallback : slug
    }

    /// `base`, or `base-2`, `base-3`… whichever `taken` does not contain.
    public static func unique(_ base: String, taken: Set<String>) -> String {
        guard taken.contains(base) else { return base }
        var counter = 2
        while taken.contains("\(base)-\(counter)") { counter += 1 }
        return "\(base)-\(counter)"
    }

    /// Nil when `name` is acceptable as a display name, otherwise what is wrong with it.
    public static func problem(withName name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "name must not be empty" }
        if name.count > maximumNameLength { return "name is longer than \(maximumNameLength) characters" }
        if let problem = hiddenCharacterProblem(in: name) { return problem }
        if name.contains("/") || name.contains("\\") { return "name must not contain '/' or '\\'" }
        if trimmed == "." || trimmed == ".." { return "name must not be '.' or '..'" }
        return nil
    }

    /// Nil when `text` shows as it is; otherwise why not: control characters (a line break, an escape sequence,
    /// NUL), bidirectional overrides and invisible characters make a name print as something it is not.
    public static func hiddenCharacterProblem(in text: String, what: String = "name") -> String? {
        text.isPlainlyShown ? nil : "\(what) must not contain control, bidirectional or invisible characters (it reads \"\(text.shown(limit: 80))\")"
    }

    /// Nil when `key` is acceptable as a variable, secret or credential key, otherwise what is wrong.
    public static func problem(withKey key: String) -> String? {
        guard let first = key.unicodeScalars.first else { return "key must not be empty" }
        if key.count > 100 { return "key is longer than 100 characters" }
        let isLetter: (Unicode.Scalar) -> Bool = { $0.isASCII && $0.properties.isAlphabetic }
        guard isLetter(first) || first == "_" else { return "key \"\(key)\" must start with a letter or '_'" }
        let allowed = key.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        return allowed ? nil : "key \"\(key)\" may contain only letters, digits, '_' and '-'"
    }
}
