/// An RFC 6901 JSON Pointer such as `/blocks/2/name`.
///
/// Pointers compare token by token: index-like tokens (digits without leading zeros) compare
/// numerically and sort before other tokens, which compare as strings; so `/items/2` sorts
/// before `/items/10`, and a parent sorts before its children.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable, ExpressibleByStringLiteral {
    /// The unescaped reference tokens.
    public let tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses the RFC 6901 form: "" for the root, otherwise "/"-separated tokens where
    /// `~0` stands for "~" and `~1` for "/".
    public init(parsing text: String) throws(JSONPointerError) {
        if text.isEmpty {
            self.init(tokens: [])
            return
        }
        guard text.hasPrefix("/") else {
            throw JSONPointerError(message: "json pointer \"\(text)\" must start with \"/\"")
        }
        var tokens: [String] = []
        for raw in text.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            tokens.append(try JSONPointer.unescape(raw, in: text))
        }
        self.init(tokens: tokens)
    }

    /// Creates a pointer from a literal. A literal that is not a valid pointer is read leniently:
    /// a missing leading "/" is assumed and a `~` that is not `~0`/`~1` is kept as is.
    public init(stringLiteral value: String) {
        if let parsed = try? JSONPointer(parsing: value) {
            self = parsed
            return
        }
        let text = value.hasPrefix("/") ? value : "/" + value
        let parts = text.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        self.init(
            tokens: parts.map { part in
                (try? JSONPointer.unescape(part, in: text)) ?? String(part)
            })
    }

    /// Whether this is the root pointer.
    public var isRoot: Bool { tokens.isEmpty }

    /// The pointer to the member `key` of the value this pointer refers to.
    public func appending(_ key: String) -> JSONPointer {
        var longer = tokens
        longer.append(key)
        return JSONPointer(tokens: longer)
    }

    /// The pointer to element `index` of the array this pointer refers to.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The pointer to the containing value; nil for the root.
    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The last token, nil for the root.
    public var lastToken: String? { tokens.last }

    /// Whether this pointer equals `other` or is one of its ancestors.
    public func isPrefix(of other: JSONPointer) -> Bool {
        other.tokens.count >= tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// The RFC 6901 form: "" for the root, otherwise "/a/b" with `~0`/`~1` escaping.
    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            text += JSONPointer.escape(token)
        }
        return text
    }

    /// The form for people: "/" for the root, otherwise the same as `description`.
    public var display: String {
        tokens.isEmpty ? "/" : description
    }

    /// Orders token by token (see the type's documentation); a prefix sorts first.
    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        for (left, right) in zip(lhs.tokens, rhs.tokens) where left != right {
            switch (arrayIndex(left), arrayIndex(right)) {
            case let (leftIndex?, rightIndex?): return leftIndex < rightIndex
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.tokens.count < rhs.tokens.count
    }

    /// The array index a token denotes: decimal digits without leading zeros.
    static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
        guard first != UInt8(ascii: "0") || utf8.count == 1 else { return nil }
        guard utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(token)
    }

    private static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
            return token
        }
        var result = String.UnicodeScalarView()
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": result.append(contentsOf: "~0".unicodeScalars)
            case "/": result.append(contentsOf: "~1".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private static func unescape(
        _ raw: Substring.UnicodeScalarView, in text: String
    ) throws(JSONPointerError) -> String {
        guard raw.contains("~") else { return String(raw) }
        var result = String.UnicodeScalarView()
        var iterator = raw.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "~" else {
                result.append(scalar)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            case let other:
                let shown = other.map { "~\($0)" } ?? "~"
                throw JSONPointerError(message: "invalid escape \"\(shown)\" in json pointer \"\(text)\" (use ~0 or ~1)")
            }
        }
        return String(result)
    }
}
