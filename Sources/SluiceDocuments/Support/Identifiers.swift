/// Generates document and block ids: a kind prefix and random lower-case base-32 characters.
public enum Identifiers {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A fresh random token of `length` characters.
    public static func token(length: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// A fresh document id such as `flw_5k2m…`.
    public static func documentID(_ kind: DocumentKind) -> String { "\(kind.idPrefix)_\(token())" }

    /// A fresh block id such as `b-7hq2m9x3`.
    public static func blockID() -> String { "b-\(token(length: 8))" }
}
