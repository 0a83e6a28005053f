import Foundation

/// The outcome of running a program.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Stdout and stderr together, for assertions that do not care which.
    public var output: String { stdout + stderr }
}

/// Runs programs to completion with captured output; used to drive the real `git` and `sluice` binaries.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` in `directory`, feeding `input` on standard input.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String]? = nil, input: String? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs the real git CLI in `directory`.
    public static func git(_ arguments: [String], in directory: String) throws -> ProcessResult {
        try run("/usr/bin/env", ["git"] + arguments, in: directory, environment: TestEnvironment.gitEnvironment())
    }
}

extension ProcessRunner {
    /// Starts a program in the background with its output discarded; the caller terminates it.
    public static func start(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String]? = nil, input: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        return process
    }
}

extension Process {
    /// Kills and reaps the process. SIGKILL, not `terminate()`: a child started from a test thread
    /// inherits that thread's blocked signal mask, so SIGTERM could stay pending forever.
    public func kill() {
        if isRunning { Foundation.kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }
}
