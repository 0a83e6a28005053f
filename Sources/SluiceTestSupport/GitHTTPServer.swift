import Foundation

/// `git http-backend` behind a small Python HTTP server on 127.0.0.1 (a free port chosen by the
/// system) that requires HTTP basic auth and logs every request's Authorization header.
/// Serves the bare repositories under `root`. Call ``stop()`` when done (also done on deinit).
public final class GitHTTPServer {
    /// A python3 interpreter, if this machine has one.
    public static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// True when the server can run here (python3 and `git http-backend` exist).
    public static var isAvailable: Bool {
        python != nil && FileManager.default.isExecutableFile(atPath: "/usr/lib/git-core/git-http-backend")
    }

    public let port: Int
    private let process: Process
    private let logFile: String

    /// Starts serving `root` (a folder holding bare repositories) for `user`/`password`, with
    /// its script and log in `workDirectory`. Waits until the port is known.
    public init(root: String, user: String, password: String, workDirectory: String) throws {
        let script = workDirectory + "/git-http-server.py"
        let portFile = workDirectory + "/git-http-server.port"
        logFile = workDirectory + "/git-http-server.log"
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        (process, port) = try LoopbackPython.start(
            script: script, arguments: [root, user, password, portFile, logFile], portFile: portFile,
            environment: ["PATH": "/usr/lib/git-core:/usr/bin:/bin", "HOME": workDirectory, "GIT_CONFIG_NOSYSTEM": "1"])
    }

    deinit {
        stop()
    }

    /// The clone URL of the bare repository `name` under the served root.
    public func url(_ name: String) -> String {
        "http://127.0.0.1:\(port)/\(name)"
    }

    /// The Authorization header of every request so far ("-" when none was sent).
    public func authorizations() -> [String] {
        let text = String(decoding: FileManager.default.contents(atPath: logFile) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            line.split(separator: " ", maxSplits: 2).dropFirst(2).first.map(String.init)
        }
    }

    /// Stops the server and waits for it to exit.
    /// SIGKILL rather than `terminate()`: a child started from a test thread inherits that
    /// thread's blocked signal mask, so SIGTERM would stay pending forever.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    private static let script = #"""
        import base64, http.server, os, signal, subprocess, sys

        # Signals may arrive blocked from the parent thread's mask; let SIGTERM/SIGINT work again.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())

        ROOT, USER, PASSWORD, PORT_FILE, LOG_FILE = sys.argv[1:6]
        EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def read_body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip().split(b";")[0], 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def serve(self):
                body = self.read_body()
                auth = self.headers.get("Authorization")
                with open(LOG_FILE, "a") as log:
                    log.write(f"{self.command} {self.path.split('?')[0]} {auth or '-'}\n")
                if auth != EXPECTED:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="sluice-test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = {
                    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "HOME": os.environ.get("HOME", ROOT),
                    "GIT_CONFIG_NOSYSTEM": "1",
                    "GIT_PROJECT_ROOT": ROOT,
                    "GIT_HTTP_EXPORT_ALL": "1",
                    "REQUEST_METHOD": self.command,
                    "PATH_INFO": path,
                    "QUERY_STRING": query,
                    "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "CONTENT_LENGTH": str(len(body)),
                    "REMOTE_USER": USER,
                    "REMOTE_ADDR": "127.0.0.1",
                }
                if self.headers.get("Git-Protocol"):
                    env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
                result = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
                head, separator, payload = result.stdout.partition(b"\r\n\r\n")
                if not separator:
                    head, separator, payload = result.stdout.partition(b"\n\n")
                status, headers = 200, []
                for line in head.decode("latin-1").splitlines():
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.strip().split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(PORT_FILE + ".tmp", "w") as handle:
            handle.write(str(server.server_address[1]) + "\n")
        os.rename(PORT_FILE + ".tmp", PORT_FILE)
        server.serve_forever()
        """#
}
