import Crypto
import Foundation
import SluiceJSON

/// Encrypts secret values one by one (`enc:v1:<key>:<base64>`, AES-256-GCM) bound to their document and field.
public struct SecretBox: Sendable {
    /// The key new values are sealed with.
    public let current: SecretKey
    /// Every key values may have been sealed with, by fingerprint (current and earlier ones).
    public let keyring: [String: SecretKey]

    /// A box that seals with `current` and opens values sealed with it or any of `previous`.
    public init(current: SecretKey, previous: [SecretKey] = []) {
        self.current = current
        var ring: [String: SecretKey] = [:]
        for key in previous + [current] { ring[key.fingerprint] = key }
        keyring = ring
    }

    private static let prefix = "enc:v1:"

    /// Whether a string is a sealed value (the shape only; not whether it opens).
    public static func isSealed(_ value: String) -> Bool { value.hasPrefix(prefix) }

    /// The fingerprint of the key a sealed value names, or nil when it is not a sealed value.
    public static func keyFingerprint(of sealed: String) -> String? {
        guard isSealed(sealed) else { return nil }
        let rest = sealed.dropFirst(prefix.count)
        return rest.split(separator: ":", maxSplits: 1).first.map(String.init)
    }

    /// Encrypts `plaintext` for the field at `field` of document `documentID`.
    public func seal(_ plaintext: String, documentID: String, field: JSONPointer) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: current.symmetricKey, authenticating: Self.associatedData(documentID, field))
        guard let combined = box.combined else { throw SecretError.sealFailed }
        return Self.prefix + current.fingerprint + ":" + combined.base64EncodedString()
    }

    /// Decrypts a value sealed for the field at `field` of document `documentID`.
    public func open(_ sealed: String, documentID: String, field: JSONPointer) throws -> String {
        guard let fingerprint = Self.keyFingerprint(of: sealed) else { throw SecretError.notEncrypted(field: field) }
        guard let key = keyring[fingerprint] else {
            throw SecretError.unknownKey(field: field, valueKey: fingerprint, workspaceKey: current.fingerprint)
        }
        let body = sealed.dropFirst(Self.prefix.count + fingerprint.count + 1)
        guard let data = Data(base64Encoded: String(body)),
            let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key.symmetricKey, authenticating: Self.associatedData(documentID, field)),
            let text = String(data: plain, encoding: .utf8)
        else { throw SecretError.cannotDecrypt(field: field) }
        return text
    }

    private static func associatedData(_ documentID: String, _ field: JSONPointer) -> Data {
        Data("sluice:v1:\(documentID):\(field.description)".utf8)
    }
}

/// Why a secret could not be sealed, opened or found.
public enum SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value is not an `enc:v1:` value.
    case notEncrypted(field: JSONPointer)
    /// The value was sealed with a key this machine does not have.
    case unknownKey(field: JSONPointer, valueKey: String, workspaceKey: String)
    /// The value does not decrypt: altered, or copied from another document or field.
    case cannotDecrypt(field: JSONPointer)
    /// Encryption failed.
    case sealFailed
    /// No key for the workspace on this machine.
    case missingKey(workspaceID: String, keyFile: String)
    /// The key file exists but holds no valid key.
    case malformedKeyFile(path: String)

    public var description: String {
        switch self {
        case .notEncrypted(let field): "\(field.display): value is not encrypted (expected enc:v1:…)"
        case .unknownKey(let field, let valueKey, let workspaceKey):
            "\(field.display): encrypted with key \(valueKey), but this machine has key \(workspaceKey); run `sluice key import` with the right key"
        case .cannotDecrypt(let field): "\(field.display): cannot decrypt: the value was altered or copied from another field"
        case .sealFailed: "encryption failed"
        case .missingKey(let workspaceID, let keyFile):
            "no secret key for workspace \(workspaceID) on this machine (looked in \(keyFile) and $SLUICE_KEY); run `sluice key import` with the key exported on another machine"
        case .malformedKeyFile(let path): "\(path): not a Sluice key file; run `sluice key import` to replace it"
        }
    }
}
