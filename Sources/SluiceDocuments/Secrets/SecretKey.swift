import Crypto
import Foundation
import SluiceJSON

/// A workspace's 256-bit secret key and its short public fingerprint.
public struct SecretKey: Sendable, Hashable {
    /// The raw key bytes.
    public let bytes: [UInt8]

    /// A fresh random key.
    public static func generate() -> SecretKey {
        SecretKey(validatedBytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    private init(validatedBytes: [UInt8]) { bytes = validatedBytes }

    /// A key from its exported text (`sluice-key:v1:<base64>`, or bare base64); nil when malformed.
    public init?(exported text: String) {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix(SecretKey.exportPrefix) { body.removeFirst(SecretKey.exportPrefix.count) }
        guard let data = Data(base64Encoded: body), data.count == 32 else { return nil }
        bytes = Array(data)
    }

    /// The text `sluice key export` prints and `sluice key import` reads.
    public var exported: String { SecretKey.exportPrefix + Data(bytes).base64EncodedString() }

    /// Eight hex characters naming the key inside every encrypted value, never revealing it.
    public var fingerprint: String {
        let digest = SHA256.hash(data: Data("sluice-key-fingerprint".utf8) + Data(bytes))
        return Array(digest).prefix(4).hexText
    }

    var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    private static let exportPrefix = "sluice-key:v1:"
}
