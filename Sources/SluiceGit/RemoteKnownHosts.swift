import Foundation

/// The entries of OpenSSH `known_hosts` files, used to decide whether an ssh server's host key
/// is trusted. Supports plain host patterns (comma lists, `*` and `?` wildcards, `!` negation,
/// `[host]:port`) and the `@revoked` marker. Hashed entries (`|1|...`) and `@cert-authority`
/// lines are skipped here; libgit2 itself already accepts hosts found in `$HOME/.ssh/known_hosts`,
/// hashed or not, before this check runs.
public struct KnownHosts: Sendable {
    /// One usable line.
    struct Entry: Sendable {
        var patterns: [String]
        var key: [UInt8]
        var keyType: String
        var revoked: Bool
    }

    /// The outcome of checking a host key.
    public enum Verdict: Sendable, Hashable {
        /// An entry for the host has exactly this key.
        case trusted
        /// No entry for the host has this key, and none has a key of the same type.
        case unknown
        /// An entry for the host has a different key of the same type: the key changed, or the
        /// connection is being intercepted.
        case changed
        /// The key is listed with `@revoked` for this host.
        case revoked
    }

    private var entries: [Entry]

    /// Parses the text of a `known_hosts` file. Malformed lines are ignored.
    public init(contents: String) {
        entries = contents.split(whereSeparator: \.isNewline).compactMap { Self.parse(line: String($0)) }
    }

    /// Reads and parses `files`, in order; files that are missing or unreadable are skipped.
    public init(files: [String]) {
        var text = ""
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        self.init(contents: text)
    }

    /// Checks the raw host key `key` (the ssh wire-format blob, as in base64 in `known_hosts`)
    /// presented by `host` on `port`. Entries for a port other than 22 are written `[host]:port`.
    public func verify(host: String, port: Int, key: [UInt8]) -> Verdict {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        let matching = entries.filter { Self.matches(name: name, patterns: $0.patterns) }
        if matching.contains(where: { $0.revoked && $0.key == key }) {
            return .revoked
        }
        let usable = matching.filter { !$0.revoked }
        if usable.contains(where: { $0.key == key }) {
            return .trusted
        }
        let type = Self.keyType(of: key)
        if usable.contains(where: { $0.keyType == type }) {
            return .changed
        }
        return .unknown
    }

    /// The algorithm name inside a wire-format key blob (`ssh-ed25519`, `ssh-rsa`, ...).
    static func keyType(of blob: [UInt8]) -> String? {
        guard blob.count >= 4 else { return nil }
        let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, blob.count >= 4 + length else { return nil }
        return String(decoding: blob[4..<(4 + length)], as: UTF8.self)
    }

    private static func parse(line: String) -> Entry? {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        var revoked = false
        if first.hasPrefix("@") {
            // @cert-authority keys sign host certificates; this check does not handle certificates.
            guard first == "@revoked" else { return nil }
            revoked = true
            fields.removeFirst()
        }
        guard fields.count >= 3, !fields[0].hasPrefix("|"),
            let decoded = Data(base64Encoded: fields[2])
        else { return nil }
        let key = [UInt8](decoded)
        guard keyType(of: key) == fields[1] else { return nil }
        let patterns = fields[0].split(separator: ",").map { String($0).lowercased() }
        return Entry(patterns: patterns, key: key, keyType: fields[1], revoked: revoked)
    }

    /// OpenSSH semantics: a negated pattern that matches excludes the line; otherwise any
    /// positive match includes it. Comparison ignores case.
    static func matches(name: String, patterns: [String]) -> Bool {
        let name = Array(name.lowercased().utf8)
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if wildcardMatch(name[...], Array(pattern.dropFirst().utf8)[...]) { return false }
            } else if wildcardMatch(name[...], Array(pattern.utf8)[...]) {
                matched = true
            }
        }
        return matched
    }

    /// `*` matches any run of characters (also empty), `?` exactly one.
    private static func wildcardMatch(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        var text = text
        var pattern = pattern
        var starPattern: ArraySlice<UInt8>?
        var starText = text
        while let character = text.first {
            if pattern.first == UInt8(ascii: "*") {
                pattern = pattern.dropFirst()
                starPattern = pattern
                starText = text
            } else if let next = pattern.first, next == UInt8(ascii: "?") || next == character {
                text = text.dropFirst()
                pattern = pattern.dropFirst()
            } else if let resume = starPattern {
                starText = starText.dropFirst()
                text = starText
                pattern = resume
            } else {
                return false
            }
        }
        return pattern.allSatisfy { $0 == UInt8(ascii: "*") }
    }
}

/// The host, port and user of an ssh remote URL (`ssh://user@host:port/path` or scp-like
/// `user@host:path`).
struct SSHAddress: Equatable {
    var user: String?
    var host: String
    var port: Int

    /// Creates an address from its parts.
    init(user: String?, host: String, port: Int) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// Parses `url`; nil when it is not an ssh URL or has no host.
    init?(url: String) {
        guard RemoteTransport(url: url) == .ssh else { return nil }
        var authority: Substring
        let hasScheme: Bool
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            authority = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]
            hasScheme = true
        } else {
            // scp-like: everything before the first colon.
            authority = url[..<(url.firstIndex(of: ":") ?? url.endIndex)]
            hasScheme = false
        }
        if let at = authority.lastIndex(of: "@") {
            user = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        var port = 22
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            authority = authority[authority.index(after: close)...]
        } else if hasScheme, let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            authority = authority[colon...]
        } else {
            host = String(authority)
            authority = ""
        }
        if hasScheme, authority.hasPrefix(":"), let number = Int(authority.dropFirst()) {
            port = number
        }
        self.port = port
        guard !host.isEmpty else { return nil }
    }

    /// The command that lets OpenSSH record the host key, for messages.
    var sshCommand: String {
        port == 22 ? "ssh \(host)" : "ssh -p \(port) \(host)"
    }
}
