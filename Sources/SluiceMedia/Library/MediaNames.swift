import SluiceJSON

/// The rules for public ids and folders: `/`-separated names of letters, digits, `_`, `-`, `.` and spaces, none empty,
/// none `.` or `..`, none starting with `.`, so that no name can leave its folder or the library's store.
public enum MediaNames {
    /// The longest public id or folder.
    public static let maximumLength = 512

    /// Checks a public id (`folder/name`); throws a one-line reason.
    public static func checkPublicID(_ value: String) throws(MediaError) {
        guard !value.isEmpty else { throw MediaError.invalidName(kind: "public id", value: value, reason: "must not be empty") }
        try check(value, kind: "public id")
    }

    /// Checks a folder; the empty folder is the library's root.
    public static func checkFolder(_ value: String) throws(MediaError) {
        guard !value.isEmpty else { return }
        try check(value, kind: "folder")
    }

    /// A name made from a file name: its base name without extension, with characters outside the rules replaced by `-`.
    public static func name(fromFilename filename: String) -> String {
        let base = filename.split(separator: "/").last.map(String.init) ?? filename
        let stem = base.contains(".") && !base.hasPrefix(".") ? String(base[..<(base.lastIndex(of: ".") ?? base.endIndex)]) : base
        let cleaned = String(stem.map { isAllowed($0) && $0 != " " ? $0 : "-" }).trimmingCharacters(in: ["-", "."])
        return cleaned.isEmpty ? "asset" : cleaned
    }

    private static func check(_ value: String, kind: String) throws(MediaError) {
        func fail(_ reason: String) -> MediaError { .invalidName(kind: kind, value: value.shown(limit: 120), reason: reason) }
        guard value.count <= maximumLength else { throw fail("longer than \(maximumLength) characters") }
        if value.hasPrefix("/") { throw fail("must not start with / (names are relative to the library)") }
        if value.hasSuffix("/") { throw fail("must not end with /") }
        for part in value.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { throw fail("has an empty folder name (//)") }
            if part == "." || part == ".." { throw fail("\"\(part)\" would leave its folder") }
            if part.hasPrefix(".") { throw fail("a name must not start with \".\"") }
            if part.hasPrefix(" ") || part.hasSuffix(" ") { throw fail("a name must not start or end with a space") }
            if let bad = part.first(where: { !isAllowed($0) }) {
                throw fail(
                    "\"\(bad.unicodeScalars.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())\" is not allowed (letters, digits, _ - . and spaces)"
                )
            }
        }
    }

    private static func isAllowed(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "_-. ".contains(character)
    }
}
