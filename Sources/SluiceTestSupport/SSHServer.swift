import Foundation

/// OpenSSH's `sshd` on 127.0.0.1, for tests of ssh remotes with real key exchange and host keys. It accepts only the
/// public keys written to its `authorized_keys`, logs in the user running the tests (root included), and runs
/// `git-upload-pack`/`git-receive-pack` like any git host. Call ``stop()`` when done (also done on deinit).
public final class SSHServer {
    /// The `sshd` binary (openssh-server, which `make deps` installs).
    public static let sshd = "/usr/sbin/sshd"

    /// True when sshd and ssh-keygen exist here.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: sshd) && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")
    }

    public let port: Int
    /// The server's public host key as a `known_hosts` line for this host and port.
    public let knownHostsLine: String
    /// The user ssh URLs log in as: the one running the tests.
    public let user: String
    private let pid: pid_t

    /// Starts sshd with its keys, configuration and log in `directory`, accepting `authorizedKeys` (public key lines).
    public init(directory: String, authorizedKeys: [String]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let hostKey = directory + "/host_ed25519"
        try Self.generateKey(at: hostKey)
        let publicHostKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try Data((authorizedKeys.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/authorized_keys"))
        user = ProcessInfo.processInfo.userName
        if geteuid() == 0 {
            // Privilege separation, when sshd runs as root, needs this empty folder (a service start would make it).
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        var lastLog = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let log = directory + "/sshd-\(port).log"
            let config = directory + "/sshd_config"
            try Data(Self.configuration(directory: directory, hostKey: hostKey, port: port).utf8).write(to: URL(fileURLWithPath: config))
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            // Not Foundation's Process: sshd closes the descriptors it inherits, which Process takes for the child's
            // exit, and then blocks its monitoring thread (and every other Process) waiting for it.
            let pid = try Self.spawn([Self.sshd, "-D", "-f", config, "-E", log])
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, Self.isRunning(pid) {
                lastLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if lastLog.contains("Server listening on 127.0.0.1 port \(port)") {
                    self.port = port
                    self.pid = pid
                    knownHostsLine = "[127.0.0.1]:\(port) \(publicHostKey)"
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Self.terminate(pid)
        }
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "sshd did not start: \(lastLog.suffix(400))"])
    }

    deinit { stop() }

    /// The ssh URL of the repository at the absolute path `path`.
    public func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// Stops the server (sessions it started end with their connections).
    public func stop() { Self.terminate(pid) }

    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, arguments[0], nil, nil, argv, environ)
        guard status == 0 else {
            throw CocoaError(
                .executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start \(arguments[0]): \(String(cString: strerror(status)))"])
        }
        return pid
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Kills and reaps the server; nothing once it is gone.
    private static func terminate(_ pid: pid_t) {
        guard pid > 0, kill(pid, SIGKILL) == 0 else { return }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// Writes an ed25519 key pair without a passphrase at `path` and `path.pub`.
    public static func generateKey(at path: String) throws {
        let result = try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "sluice-test", "-f", path])
        guard result.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "ssh-keygen failed: \(result.output)"])
        }
    }

    private static func configuration(directory: String, hostKey: String, port: Int) -> String {
        """
        ListenAddress 127.0.0.1
        Port \(port)
        HostKey \(hostKey)
        PidFile \(directory)/sshd-\(port).pid
        AuthorizedKeysFile \(directory)/authorized_keys
        AuthenticationMethods publickey
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        PermitRootLogin prohibit-password
        AllowTcpForwarding no
        X11Forwarding no
        PrintMotd no
        LogLevel INFO

        """
    }
}
