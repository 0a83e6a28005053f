import CLibGit2
import Foundation

/// The author or committer of a commit. Time zone offsets are not kept: commits are written with
/// the local offset at `time` and read back as absolute instants.
public struct Signature: Sendable, Hashable {
    /// The person's name.
    public var name: String
    /// The person's email address.
    public var email: String
    /// When the change was made (whole seconds are stored in git).
    public var time: Date

    /// Creates a signature.
    public init(name: String, email: String, time: Date) {
        self.name = name
        self.email = email
        self.time = time
    }

    /// Copies a borrowed libgit2 signature.
    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        self.name = value.name.map { String(cString: $0) } ?? ""
        self.email = value.email.map { String(cString: $0) } ?? ""
        self.time = Date(timeIntervalSince1970: TimeInterval(value.when.time))
    }

    /// Resolves the identity used for commits. Each of name and email is taken, independently,
    /// from `SLUICE_AUTHOR_NAME` / `SLUICE_AUTHOR_EMAIL` in `environment`, then from the git
    /// configuration values, then from the fallback `Sluice <sluice@localhost>`. Blank values
    /// count as missing. `time` is truncated to whole seconds.
    static func resolve(
        environment: [String: String],
        configName: String?,
        configEmail: String?,
        time: Date
    ) -> Signature {
        func firstUsable(_ candidates: String?...) -> String? {
            for candidate in candidates {
                if let value = candidate?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                    return value
                }
            }
            return nil
        }
        let name = firstUsable(environment["SLUICE_AUTHOR_NAME"], configName) ?? "Sluice"
        let email = firstUsable(environment["SLUICE_AUTHOR_EMAIL"], configEmail) ?? "sluice@localhost"
        let seconds = time.timeIntervalSince1970.rounded(.down)
        return Signature(name: name, email: email, time: Date(timeIntervalSince1970: seconds))
    }
}
