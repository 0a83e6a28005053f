import CLibGit2
import Foundation

/// Where SluiceGit finds credentials for fetch and push. Nothing here ever prompts: every method
/// is non-interactive, and each is tried at most once per operation.
///
/// - https: the token in `SLUICE_GIT_TOKEN`, sent as the basic-auth password with the user name
///   from `SLUICE_GIT_USER`, else the user in the URL, else `x-access-token`. When no token is set
///   (and ``usesCredentialHelper`` is true) git's own credential helpers are asked once through
///   `git credential fill` (see ``CredentialMethod/credentialHelper``).
/// - ssh: the agent at `SSH_AUTH_SOCK`, then the key files `~/.ssh/id_ed25519`, `~/.ssh/id_ecdsa`
///   and `~/.ssh/id_rsa` that exist and are readable; passphrase-protected key files are skipped
///   (load them into the agent instead). The user
///   name is the one in the URL, else `USER`/`LOGNAME`, else `git`. Host keys are checked against
///   ``knownHostsFiles``.
/// - local paths and `file://` URLs need no credentials.
public struct Credentials: Sendable {
    /// The process environment the credentials are read from (`SLUICE_GIT_TOKEN`,
    /// `SLUICE_GIT_USER`, `SSH_AUTH_SOCK`, `HOME`, `USER`, `PATH`); also the environment of the
    /// `git credential fill` process.
    public var environment: [String: String]
    /// Whether `git credential fill` may be asked for https credentials when no token is set.
    public var usesCredentialHelper: Bool
    /// The files checked for ssh host keys; missing files are ignored. Defaults to
    /// `$HOME/.ssh/known_hosts` and `/etc/ssh/ssh_known_hosts`.
    public var knownHostsFiles: [String]

    /// Process environment used to find credentials: `SLUICE_GIT_TOKEN` (https token, sent as
    /// basic auth password with user `x-access-token` unless `SLUICE_GIT_USER` is set),
    /// `SSH_AUTH_SOCK` (ssh agent), `HOME` (`~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa` key files,
    /// and `~/.ssh/known_hosts`). Git's credential helpers are used for https when no token is set.
    public init(environment: [String: String]) {
        self.environment = environment
        self.usesCredentialHelper = true
        var files: [String] = []
        if let home = Self.nonEmpty(environment["HOME"]) {
            files.append(home + "/.ssh/known_hosts")
        }
        files.append("/etc/ssh/ssh_known_hosts")
        self.knownHostsFiles = files
    }

    /// The methods tried for `url`, in order. `username` is the user name already known for
    /// the connection (libgit2 passes the one from the URL); nil means "use the default".
    /// Empty for local paths and `file://` URLs.
    public func methods(forURL url: String, username: String?) -> [CredentialMethod] {
        switch RemoteTransport(url: url) {
        case .local:
            return []
        case .http:
            if let token = Self.nonEmpty(environment["SLUICE_GIT_TOKEN"]) {
                let user = Self.nonEmpty(environment["SLUICE_GIT_USER"]) ?? Self.nonEmpty(username) ?? "x-access-token"
                return [.token(username: user, token: token)]
            }
            return usesCredentialHelper ? [.credentialHelper] : []
        case .ssh:
            let user = Self.nonEmpty(username) ?? sshUsername
            var methods: [CredentialMethod] = []
            if let socket = Self.nonEmpty(environment["SSH_AUTH_SOCK"]), FileManager.default.fileExists(atPath: socket) {
                methods.append(.sshAgent(username: user))
            }
            if let home = Self.nonEmpty(environment["HOME"]) {
                for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                    let privateKey = home + "/.ssh/" + name
                    guard SSHKeyFile.isUsableWithoutPassphrase(atPath: privateKey) else { continue }
                    let publicKey = privateKey + ".pub"
                    let hasPublicKey = FileManager.default.fileExists(atPath: publicKey)
                    methods.append(.sshKey(username: user, privateKeyPath: privateKey, publicKeyPath: hasPublicKey ? publicKey : nil))
                }
            }
            return methods
        }
    }

    /// The ssh user name when the URL names none: `USER`, `LOGNAME`, else `git` (OpenSSH uses the
    /// local user name too).
    var sshUsername: String {
        Self.nonEmpty(environment["USER"]) ?? Self.nonEmpty(environment["LOGNAME"]) ?? "git"
    }

    /// A hint naming what could be configured, used when no method is available for `url`.
    func missingCredentialsHint(forURL url: String) -> String {
        switch RemoteTransport(url: url) {
        case .local: "no credentials are used for local repositories"
        case .http: "set SLUICE_GIT_TOKEN (and SLUICE_GIT_USER if the host needs a user name) or configure a git credential helper"
        case .ssh: "start an ssh agent (SSH_AUTH_SOCK) or create a key file in ~/.ssh (id_ed25519, id_ecdsa or id_rsa)"
        }
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

/// One way of authenticating to a remote. `description` never contains a secret.
public enum CredentialMethod: Sendable, Hashable, CustomStringConvertible {
    /// Keys held by the ssh agent at `SSH_AUTH_SOCK`.
    case sshAgent(username: String)
    /// A private key file without passphrase, and its `.pub` file when present.
    case sshKey(username: String, privateKeyPath: String, publicKeyPath: String?)
    /// `SLUICE_GIT_TOKEN` sent as the basic-auth password.
    case token(username: String, token: String)
    /// `git credential fill` run once with `GIT_TERMINAL_PROMPT=0` and askpass disabled, so it only
    /// answers from configured helpers (store, cache, a keychain) and never prompts. Helpers are
    /// not told whether the credential worked (no `approve`/`reject`).
    case credentialHelper

    /// For example `ssh key ~/.ssh/id_ed25519 (user git)` or `SLUICE_GIT_TOKEN (user x-access-token)`.
    public var description: String {
        switch self {
        case .sshAgent(let username): "ssh agent (user \(username))"
        case .sshKey(let username, let privateKeyPath, _): "ssh key \(privateKeyPath) (user \(username))"
        case .token(let username, _): "SLUICE_GIT_TOKEN (user \(username))"
        case .credentialHelper: "git credential helper"
        }
    }

    /// The libgit2 credential type this method produces.
    var credentialType: git_credential_t {
        switch self {
        case .sshAgent, .sshKey: GIT_CREDENTIAL_SSH_KEY
        case .token, .credentialHelper: GIT_CREDENTIAL_USERPASS_PLAINTEXT
        }
    }
}

/// Which methods have been offered during one operation. libgit2 calls the credentials callback
/// again after every rejection; each method is offered once, then the callback gives up.
struct CredentialAttempts {
    /// Methods already offered, in order.
    private(set) var tried: [CredentialMethod] = []
    /// Callback invocations so far, a hard stop in case libgit2 keeps asking.
    private(set) var calls = 0
    /// The most callback invocations answered before giving up regardless of methods.
    static let maximumCalls = 12

    /// The first method of `methods` not offered yet whose type libgit2 allows (`allowedTypes` is
    /// a `git_credential_t` bit set), marking it as tried; nil when none is left.
    mutating func next(from methods: [CredentialMethod], allowedTypes: UInt32) -> CredentialMethod? {
        calls += 1
        guard calls <= Self.maximumCalls else { return nil }
        for method in methods where !tried.contains(method) && allowedTypes & method.credentialType.rawValue != 0 {
            tried.append(method)
            return method
        }
        return nil
    }
}

/// How a remote URL is reached, following libgit2's rules.
enum RemoteTransport: Equatable {
    /// A path or `file://` URL.
    case local
    /// `http://` or `https://`.
    case http
    /// `ssh://`, `ssh+git://`, `git+ssh://` or scp-like `[user@]host:path`.
    case ssh

    /// Classifies `url`.
    init(url: String) {
        let lowered = url.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            self = .http
        } else if lowered.hasPrefix("ssh://") || lowered.hasPrefix("ssh+git://") || lowered.hasPrefix("git+ssh://") {
            self = .ssh
        } else if url.contains("://") {
            self = .local
        } else if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/"), url[..<colon].count > 1 {
            self = .ssh
        } else {
            self = .local
        }
    }
}
