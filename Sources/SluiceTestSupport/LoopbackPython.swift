import Foundation

/// Starts a Python script that serves on 127.0.0.1 and writes its port, followed by a newline, to `portFile`.
enum LoopbackPython {
    /// The running process and its port; throws (killing the process) when no port appears within 20 seconds.
    static func start(script: String, arguments: [String], portFile: String, environment: [String: String]? = nil) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitHTTPServer.python ?? "/usr/bin/python3")
        process.arguments = [script] + arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if let data = FileManager.default.contents(atPath: portFile), let text = String(data: data, encoding: .utf8), text.hasSuffix("\n"),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return (process, port)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.kill()
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "a loopback server did not start (python3 \(script))"])
    }
}
