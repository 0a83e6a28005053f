import SluiceJSON

/// A JSON pointer whose `*` tokens match exactly one token of any value.
///
/// A literal member named `*` therefore cannot be addressed on its own; no Sluice document uses one.
struct PointerPattern: Sendable, Hashable {
    /// The tokens to match; nil stands for `*`.
    let tokens: [String?]

    /// Reads `text` as an RFC 6901 pointer (leniently, see `JSONPointer.init(stringLiteral:)`).
    init(_ text: String) {
        tokens = JSONPointer(stringLiteral: text).tokens.map { $0 == "*" ? nil : $0 }
    }

    /// Whether the pattern matches the pointer given by `path`, token for token.
    func matches(_ path: [String]) -> Bool {
        guard path.count == tokens.count else { return false }
        for (token, expected) in zip(path, tokens) {
            if let expected, expected != token { return false }
        }
        return true
    }
}
