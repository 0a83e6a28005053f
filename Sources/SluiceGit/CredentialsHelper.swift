import Foundation

/// Asks git's configured credential helpers for a user name and password, without prompting.
enum CredentialHelper {
    /// A user name and password from `git credential fill`.
    struct Answer: Equatable {
        var username: String
        var password: String
    }

    /// The longest a helper may take before it is terminated.
    static let timeout: TimeInterval = 30

    /// Runs `git credential fill` for `url` with `environment` plus `GIT_TERMINAL_PROMPT=0` and an
    /// empty `GIT_ASKPASS` (so neither a terminal prompt nor an askpass program is used).
    /// Returns nil when git is missing, no helper knows the URL, or the helper fails or times out.
    static func fill(url: String, environment: [String: String]) -> Answer? {
        // A newline would let the URL inject extra attributes into the credential protocol.
        guard !url.contains(where: { $0.isNewline || $0 == "\0" }),
            let git = findGit(environment: environment)
        else { return nil }
        var childEnvironment = environment
        childEnvironment["GIT_TERMINAL_PROMPT"] = "0"
        childEnvironment["GIT_ASKPASS"] = ""
        childEnvironment["SSH_ASKPASS"] = ""
        childEnvironment["GCM_INTERACTIVE"] = "never"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["credential", "fill"]
        process.environment = childEnvironment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        // SIGKILL, not terminate(): the child may have inherited a mask that blocks SIGTERM.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { [process] in
            if process.isRunning { kill(pid, SIGKILL) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Without the password of a `user:password@` URL: libgit2 already tried it, and git would
        // simply echo it back.
        let request = "url=\(withoutPassword(url))\n\n"
        try? input.fileHandleForWriting.write(contentsOf: Data(request.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// `url` with the password of its user information removed (`https://user@host/...`).
    static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<colon]) + String(url[at...])
    }

    /// Reads `username=` and `password=` from `git credential` output; nil without a password.
    static func parse(_ text: String) -> Answer? {
        var username = ""
        var password: String?
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("username=") {
                username = String(line.dropFirst("username=".count))
            } else if line.hasPrefix("password=") {
                password = String(line.dropFirst("password=".count))
            }
        }
        guard let password, !password.isEmpty else { return nil }
        return Answer(username: username, password: password)
    }

    /// The first executable `git` on the environment's `PATH`, else `/usr/bin/git` if present.
    static func findGit(environment: [String: String]) -> String? {
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
