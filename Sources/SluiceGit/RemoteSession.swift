import CLibGit2
import Foundation

/// The state libgit2's remote callbacks work on during one fetch, push or listing: credentials
/// and the attempts made with them, progress reporting, and what the remote reported. Not
/// Sendable: libgit2 calls the callbacks synchronously on the thread running the operation.
final class RemoteSession {
    /// The URL being contacted (used for credential selection and host-key checks).
    let url: String
    /// Where credentials come from.
    let credentials: Credentials
    /// Receives download progress, on the calling thread.
    let progress: ((TransferProgress) -> Void)?
    /// The credential methods offered so far.
    private(set) var attempts = CredentialAttempts()
    /// References created or moved locally (`update_tips`), with their new ids.
    private(set) var updatedReferences: [String: ObjectID] = [:]
    /// References the remote refused to update during a push, with its reason.
    private(set) var rejectedReferences: [(name: String, reason: String)] = []
    /// True once `git credential fill` was asked and had nothing.
    private var helperHadNoAnswer = false
    /// Why a callback stopped the operation; preferred over libgit2's generic message.
    private var failure: (code: Int32, errorClass: Int32, message: String)?

    /// Creates a session for `url`.
    init(url: String, credentials: Credentials, progress: ((TransferProgress) -> Void)? = nil) {
        self.url = url
        self.credentials = credentials
        self.progress = progress
    }

    /// Calls `body` with callbacks whose payload is this session. The session is retained for
    /// the duration of `body` (libgit2 only calls back while the operation runs) and released
    /// exactly once afterwards.
    func withCallbacks<Result>(_ body: (git_remote_callbacks) throws -> Result) throws -> Result {
        var callbacks = git_remote_callbacks()
        try git("git_remote_init_callbacks") {
            git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        }
        let payload = Unmanaged.passRetained(self)
        defer { payload.release() }
        callbacks.payload = payload.toOpaque()
        callbacks.credentials = { out, url, usernameFromURL, allowedTypes, payload in
            guard let out, let session = RemoteSession.from(payload) else { return GIT_EUSER.rawValue }
            return session.acquireCredential(
                out, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowedTypes: allowedTypes)
        }
        callbacks.certificate_check = { certificate, valid, host, payload in
            guard let certificate, let session = RemoteSession.from(payload) else { return GIT_PASSTHROUGH.rawValue }
            return session.checkCertificate(certificate, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.transfer_progress = { stats, payload in
            guard let stats, let session = RemoteSession.from(payload) else { return 0 }
            session.progress?(
                TransferProgress(
                    receivedObjects: Int(stats.pointee.received_objects),
                    totalObjects: Int(stats.pointee.total_objects),
                    receivedBytes: Int(stats.pointee.received_bytes)))
            return 0
        }
        callbacks.update_tips = { name, _, new, payload in
            guard let name, let new, let session = RemoteSession.from(payload) else { return 0 }
            let reference = String(cString: name)
            session.updatedReferences[reference] = git_oid_is_zero(new) == 1 ? nil : ObjectID(new)
            return 0
        }
        callbacks.push_update_reference = { name, status, payload in
            // libgit2 reports references the remote refused here; the push itself still returns 0.
            guard let status, let session = RemoteSession.from(payload) else { return 0 }
            session.rejectedReferences.append((name.map { String(cString: $0) } ?? "?", String(cString: status)))
            return 0
        }
        return try body(callbacks)
    }

    /// Connects `remote` for `direction` with these callbacks and automatic proxy detection
    /// (`http.proxy`, `https_proxy`, ...). A failure here has `function == "git_remote_connect"`.
    func connect(_ remote: RemoteHandle, direction: git_direction, callbacks: git_remote_callbacks) throws {
        var options = git_remote_connect_options()
        try git("git_remote_connect_options_init") {
            git_remote_connect_options_init(&options, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
        }
        options.callbacks = callbacks
        options.proxy_opts.type = GIT_PROXY_AUTO
        let result = git_remote_connect_ext(remote.pointer, direction, &options)
        guard result >= 0 else {
            let error = error(code: result, function: "git_remote_connect")
            // libgit2 says "unsupported URL protocol" for a local path that does not exist.
            if let path = localPath, !FileManager.default.fileExists(atPath: path) {
                throw GitError(
                    code: error.code, errorClass: error.errorClass,
                    message: "no repository at '\(path)': the path does not exist", function: error.function)
            }
            throw error
        }
    }

    /// The file-system path of a local remote (a path or `file://` URL), else nil.
    private var localPath: String? {
        guard RemoteTransport(url: url) == .local else { return nil }
        if url.lowercased().hasPrefix("file://") {
            let path = String(url.dropFirst("file://".count))
            return path.removingPercentEncoding ?? path
        }
        return url.contains("://") ? nil : url
    }

    /// The error for a libgit2 call that returned `code`: the reason recorded by a callback when
    /// there is one, else libgit2's last error. Call right after the failing call.
    func error(code: Int32, function: String) -> GitError {
        if let failure {
            return GitError(code: failure.code, errorClass: failure.errorClass, message: failure.message, function: function)
        }
        return GitError.last(code: code, function: function)
    }

    private static func from(_ payload: UnsafeMutableRawPointer?) -> RemoteSession? {
        guard let payload else { return nil }
        return Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
    }

    /// Records why the operation stops, also as libgit2's error, and returns `code`.
    private func fail(code: git_error_code, errorClass: git_error_t, message: String) -> Int32 {
        failure = (code.rawValue, Int32(bitPattern: errorClass.rawValue), message)
        _ = git_error_set_str(Int32(bitPattern: errorClass.rawValue), message)
        return code.rawValue
    }

    // MARK: - Credentials

    private func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?, allowedTypes: UInt32
    ) -> Int32 {
        let offerable = GIT_CREDENTIAL_SSH_KEY.rawValue | GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue
        if allowedTypes & GIT_CREDENTIAL_USERNAME.rawValue != 0, allowedTypes & offerable == 0 {
            // libgit2's ssh transport first asks who to log in as when the URL names no user.
            return create("git_credential_username_new") { git_credential_username_new(out, credentials.sshUsername) }
        }
        let methods = credentials.methods(forURL: url, username: usernameFromURL)
        while let method = attempts.next(from: methods, allowedTypes: allowedTypes) {
            switch method {
            case .sshAgent(let username):
                return create("git_credential_ssh_key_from_agent") { git_credential_ssh_key_from_agent(out, username) }
            case .sshKey(let username, let privateKey, let publicKey):
                return create("git_credential_ssh_key_new") {
                    git_credential_ssh_key_new(out, username, publicKey, privateKey, nil)
                }
            case .token(let username, let token):
                return create("git_credential_userpass_plaintext_new") {
                    git_credential_userpass_plaintext_new(out, username, token)
                }
            case .credentialHelper:
                guard let answer = CredentialHelper.fill(url: url, environment: credentials.environment) else {
                    helperHadNoAnswer = true
                    continue
                }
                let username = answer.username.isEmpty ? (usernameFromURL ?? "git") : answer.username
                return create("git_credential_userpass_plaintext_new") {
                    git_credential_userpass_plaintext_new(out, username, answer.password)
                }
            }
        }
        return fail(code: GIT_EAUTH, errorClass: GIT_ERROR_NET, message: exhaustedMessage(methods: methods))
    }

    private func exhaustedMessage(methods: [CredentialMethod]) -> String {
        let target = "authentication to \(displayURL) failed"
        let unanswered: (CredentialMethod) -> Bool = { $0 == .credentialHelper && self.helperHadNoAnswer }
        let offered = attempts.tried.filter { !unanswered($0) }
        if !offered.isEmpty {
            return "\(target): the remote rejected \(offered.map(\.description).joined(separator: ", "))"
        }
        let usable = methods.filter { !unanswered($0) }
        if usable.isEmpty {
            let note = helperHadNoAnswer ? " (the git credential helper had no answer)" : ""
            return "\(target): no credentials are available\(note); \(credentials.missingCredentialsHint(forURL: url))"
        }
        let listed = usable.map(\.description).joined(separator: ", ")
        return "\(target): the remote accepts none of the available credential types (\(listed))"
    }

    /// `url` with any password in it replaced by `***`, for messages.
    var displayURL: String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + String(url[at...])
    }

    /// Runs a libgit2 credential constructor; on failure records libgit2's error and returns it.
    private func create(_ function: String, _ call: () -> Int32) -> Int32 {
        let result = call()
        if result < 0 {
            let error = GitError.last(code: result, function: function)
            failure = (result, error.errorClass, error.message)
        }
        return result
    }

    // MARK: - Host keys

    private func checkCertificate(_ certificate: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        // https and other TLS certificates: libgit2's own verification decides.
        guard certificate.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else { return GIT_PASSTHROUGH.rawValue }
        // libgit2 already found the key in $HOME/.ssh/known_hosts (hashed entries included).
        if valid { return 0 }
        let hostKey = UnsafeRawPointer(certificate).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        let address = SSHAddress(url: url)
        let port = address?.port ?? 22
        let sshCommand = address?.sshCommand ?? "ssh \(host)"
        guard hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey else {
            return fail(code: GIT_ECERTIFICATE, errorClass: GIT_ERROR_SSH, message: "libgit2 did not provide the ssh host key of \(host)")
        }
        let key = [UInt8](UnsafeRawBufferPointer(start: UnsafeRawPointer(raw), count: hostKey.hostkey_len))
        let files = credentials.knownHostsFiles.joined(separator: ", ")
        let keyType = KnownHosts.keyType(of: key) ?? "unknown type"
        switch KnownHosts(files: credentials.knownHostsFiles).verify(host: host, port: port, key: key) {
        case .trusted:
            return 0
        case .unknown:
            return fail(
                code: GIT_ECERTIFICATE, errorClass: GIT_ERROR_SSH,
                message: "the ssh host key of \(host) (\(keyType)) is not in known_hosts (\(files)); "
                    + "connect once with `\(sshCommand)` to check and accept it, then try again")
        case .changed:
            return fail(
                code: GIT_ECERTIFICATE, errorClass: GIT_ERROR_SSH,
                message: "the ssh host key of \(host) (\(keyType)) differs from the one in known_hosts (\(files)): "
                    + "the key changed or the connection is being intercepted; if the change is expected, "
                    + "remove the old entry with `ssh-keygen -R \(port == 22 ? host : "[\(host)]:\(port)")` and connect once with `\(sshCommand)`")
        case .revoked:
            return fail(
                code: GIT_ECERTIFICATE, errorClass: GIT_ERROR_SSH,
                message: "the ssh host key of \(host) is marked @revoked in known_hosts (\(files))")
        }
    }
}
