import Crypto
import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import Synchronization

/// An access token of `sluice serve`, as stored: its name and a SHA-256 hash, never the token itself.
public struct AccessToken: Codable, Sendable, Hashable {
    public var name: String
    /// Hex SHA-256 of the token.
    public var hash: String
    /// The token's first characters, to recognize it by.
    public var prefix: String
    public var createdAt: Date
}

/// The access tokens of a workspace's server (`sluice tokens`): bearer tokens for the JSON API, for webhooks without a
/// signature, and for binding beyond loopback. They live hashed in `.sluice/tokens.json` (local to this machine, never
/// committed, mode 0600); a revoked token stops working at the server's next request.
public struct TokenService: Sendable {
    let context: WorkspaceContext
    /// What every token starts with (so a leaked one is recognizable by secret scanners).
    public static let tokenPrefix = "sluice_"

    public init(_ context: WorkspaceContext) { self.context = context }

    var path: String { context.localStatePath("tokens.json") }

    /// Creates a token named `name` and returns it with its secret text, which is shown once and stored nowhere.
    public func create(name: String) throws(WorkspaceError) -> (token: AccessToken, secret: String) {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw .invalidInput("a token name is 1 to 64 letters, digits, '.', '_' or '-'")
        }
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        var tokens = try list()
        guard !tokens.contains(where: { $0.name == name }) else {
            throw .invalidInput("a token named \"\(name)\" exists; revoke it first (`sluice tokens revoke \(name)`)")
        }
        let secret = Self.tokenPrefix + Self.base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let token = AccessToken(name: name, hash: Self.hash(secret), prefix: String(secret.prefix(Self.tokenPrefix.count + 4)), createdAt: Date())
        tokens.append(token)
        try save(tokens)
        return (token, secret)
    }

    /// The tokens, oldest first.
    public func list() throws(WorkspaceError) -> [AccessToken] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do { return try Self.decoder.decode([AccessToken].self, from: data) } catch {
            throw .store(path: path, reason: "not a list of tokens (\(PlainError.sentence(error))); remove it and create the tokens again")
        }
    }

    /// Revokes the token named `name`.
    public func revoke(name: String) throws(WorkspaceError) -> AccessToken {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        var tokens = try list()
        guard let index = tokens.firstIndex(where: { $0.name == name }) else { throw .notFound(.token, query: name) }
        let removed = tokens.remove(at: index)
        try save(tokens)
        return removed
    }

    private func save(_ tokens: [AccessToken]) throws(WorkspaceError) {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            try AtomicFile.write(Array(try encoder.encode(tokens)) + [0x0A], to: path, mode: 0o600)
        } catch {
            throw .store(path: path, reason: PlainError.sentence(error))
        }
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func hash(_ secret: String) -> String {
        MediaLibrary.hex(SHA256.hash(data: Array(secret.utf8)))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Checks bearer tokens against the workspace's tokens file, read again only when it changed (so a revocation takes
/// effect at the next request without a file read per request).
public final class TokenVerifier: Sendable {
    private let service: TokenService
    private let cached = Mutex<(stamp: String, hashes: [String: String])?>(nil)

    public init(_ context: WorkspaceContext) { service = TokenService(context) }

    /// Whether any token exists.
    public var hasTokens: Bool { !current().isEmpty }

    /// The name of the token `secret` is, or nil.
    public func verify(_ secret: String) -> String? {
        let presented = Array(TokenService.hash(secret).utf8)
        var match: String?
        for (hash, name) in current() {
            // Constant time over the hash (not that a hash's prefix would tell much).
            let stored = Array(hash.utf8)
            guard stored.count == presented.count else { continue }
            var difference: UInt8 = 0
            for index in stored.indices { difference |= stored[index] ^ presented[index] }
            if difference == 0 { match = name }
        }
        return match
    }

    /// Hash → name, from the file as it is now.
    private func current() -> [String: String] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: service.path)
        let stamp =
            "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)/\(attributes?[.size] ?? 0)/\(attributes?[.systemFileNumber] ?? 0)"
        if let cached = cached.withLock({ $0 }), cached.stamp == stamp { return cached.hashes }
        let tokens = (try? service.list()) ?? []
        let hashes = Dictionary(tokens.map { ($0.hash, $0.name) }, uniquingKeysWith: { first, _ in first })
        cached.withLock { $0 = (stamp, hashes) }
        return hashes
    }
}
