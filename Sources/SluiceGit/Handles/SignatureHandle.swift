import CLibGit2
import Foundation

extension GitHandle where Kind == GitObjectKinds.Signature {
    /// Creates a libgit2 signature at `signature.time` with the local time zone offset.
    convenience init(_ signature: Signature) throws {
        let seconds = git_time_t(signature.time.timeIntervalSince1970.rounded(.down))
        let offsetMinutes = Int32(TimeZone.current.secondsFromGMT(for: signature.time) / 60)
        var out: UnsafeMutablePointer<git_signature>?
        try git("git_signature_new") {
            git_signature_new(&out, signature.name, signature.email, seconds, offsetMinutes)
        }
        guard let out else {
            throw GitError.invalidArgument("no signature returned", function: "git_signature_new")
        }
        self.init(out)
    }
}
