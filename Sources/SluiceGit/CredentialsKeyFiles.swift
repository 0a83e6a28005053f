import Foundation

/// Recognising private key files that cannot be used without a passphrase.
enum SSHKeyFile {
    /// True when the private key at `path` is readable and not passphrase-protected. libgit2
    /// aborts the whole authentication (instead of trying the next key) when libssh2 cannot
    /// decrypt a key file, so protected keys are left to the ssh agent.
    static func isUsableWithoutPassphrase(atPath path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return !isEncrypted(String(decoding: data, as: UTF8.self))
    }

    /// Whether the text of a private key file says it is encrypted: PEM keys carry
    /// `Proc-Type: 4,ENCRYPTED` (or are PKCS#8 `ENCRYPTED PRIVATE KEY`); OpenSSH keys name a
    /// cipher other than `none` right after their `openssh-key-v1` magic.
    static func isEncrypted(_ text: String) -> Bool {
        if text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY") {
            return true
        }
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
        let end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return false
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: String(body)) else { return false }
        let bytes = [UInt8](decoded)
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else { return false }
        let lengthStart = magic.count
        let length = bytes[lengthStart..<(lengthStart + 4)].reduce(0) { $0 << 8 | Int($1) }
        let nameStart = lengthStart + 4
        guard bytes.count >= nameStart + length else { return false }
        return String(decoding: bytes[nameStart..<(nameStart + length)], as: UTF8.self) != "none"
    }
}
