import CLibGit2

/// Classifying failures of fetch, push and remote listing. All of them throw ``GitError``.
extension GitError {
    /// True when the remote refused every credential offered (`GIT_EAUTH`), or none was
    /// available. The message names the methods tried. Retrying with the same
    /// ``Credentials`` will not help.
    public var isAuthenticationFailure: Bool {
        code == GIT_EAUTH.rawValue
    }

    /// True when the server's identity could not be verified (`GIT_ECERTIFICATE`): an ssh host
    /// key missing from, or different from, `known_hosts` (the message says which and how to
    /// fix it), or an invalid TLS certificate.
    public var isCertificateFailure: Bool {
        code == GIT_ECERTIFICATE.rawValue
    }

    /// True when the remote could not be reached: no such path or repository, a refused or
    /// failed connection, an unknown host, a network error during the transfer, or an
    /// unsupported URL. Authentication and certificate failures are not included.
    public var isUnreachable: Bool {
        guard !isAuthenticationFailure, !isCertificateFailure, code != GIT_EUSER.rawValue else { return false }
        return function == "git_remote_connect" || errorClass == Int32(bitPattern: GIT_ERROR_NET.rawValue)
    }

    /// True when a push was refused for at least one reference (`GIT_ENONFASTFORWARD`): most
    /// often the remote branch has commits the pushed history does not contain (fetch, merge
    /// and push again), or the remote declined the update (a hook or `receive.denyNonFastForwards`).
    /// The message names each refused reference and the reason. Nothing is written for refused
    /// references.
    public var isRejectedPush: Bool {
        code == GIT_ENONFASTFORWARD.rawValue
    }
}
