import Foundation

/// A small HTTP server on 127.0.0.1 (Python's http.server, a free port) for tests of HTTP blocks: it records every
/// request and answers by path: `/status/<code>` with that status, `/slow/<seconds>` after a pause, `/drip/<n>` n bytes
/// of body one every 0.2 s, `/json` with the
/// request echoed as JSON (`/echo-status/<code>` the same with that status), `/files/<name>` the file of that name in
/// `<directory>/files`, anything else 200 `{"ok": true}`. Call ``stop()`` when done (also done on deinit).
public final class HTTPTestServer: @unchecked Sendable {
    /// One request the server received.
    public struct Request: Decodable, Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
    }

    public let port: Int
    private let process: Process
    private let logFile: String

    /// Starts the server with its script and log in `directory`.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = directory + "/http-test-server.py"
        let portFile = directory + "/http-test-server.port"
        logFile = directory + "/http-test-server.log"
        try Data(Self.script.utf8).write(to: URL(fileURLWithPath: script))
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        (process, port) = try LoopbackPython.start(script: script, arguments: [portFile, logFile, directory + "/files"], portFile: portFile)
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests received so far, in order.
    public func requests() -> [Request] {
        let text = String(decoding: FileManager.default.contents(atPath: logFile) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// Stops the server.
    public func stop() { process.kill() }

    private static let script = #"""
        import json, sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        port_file, log_file, files_dir = sys.argv[1], sys.argv[2], sys.argv[3]

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                record = {"method": self.command, "path": self.path, "body": body,
                          "headers": {k.lower(): v for k, v in self.headers.items()}}
                with open(log_file, "a") as log:
                    log.write(json.dumps(record) + "\n")
                path = self.path.split("?")[0]
                if path.startswith("/echo-status/"):
                    self.reply(int(path.split("/")[2]), json.dumps(record))
                elif path.startswith("/status/"):
                    code = int(path.split("/")[2])
                    self.reply(code, json.dumps({"error": "status %d" % code}))
                elif path.startswith("/drip/"):
                    count = int(path.split("/")[2])
                    self.send_response(200)
                    self.send_header("Content-Length", str(count))
                    self.end_headers()
                    try:
                        for _ in range(count):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.2)
                    except OSError:
                        pass
                elif path.startswith("/slow/"):
                    time.sleep(float(path.split("/")[2]))
                    self.reply(200, json.dumps({"ok": True, "slow": True}))
                elif path == "/json":
                    self.reply(200, json.dumps(record))
                elif path.startswith("/files/"):
                    try:
                        with open(files_dir + "/" + path.split("/")[2], "rb") as f:
                            data = f.read()
                    except OSError:
                        return self.reply(404, json.dumps({"error": "no such file"}))
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                else:
                    self.reply(200, json.dumps({"ok": True, "path": self.path}))

            def reply(self, code, text):
                data = text.encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Test-Server", "sluice")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        with open(port_file, "w") as f:
            f.write("%d\n" % server.server_address[1])
        server.serve_forever()
        """#
}
