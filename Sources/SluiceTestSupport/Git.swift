import Foundation

/// A failure of the real `git` command line tool.
public struct GitCLIError: Error, CustomStringConvertible {
    public var arguments: [String]
    public var status: Int32
    public var standardError: String

    public var description: String {
        "git \(arguments.joined(separator: " ")) exited with \(status): \(standardError)"
    }
}

/// Runs the real git CLI in `directory` with an isolated configuration (no system or global config, a fixed
/// identity) and returns its standard output; throws ``GitCLIError`` when git fails.
@discardableResult
public func runGit(_ arguments: [String], in directory: String) throws -> String {
    let result = try ProcessRunner.git(arguments, in: directory)
    guard result.status == 0 else { throw GitCLIError(arguments: arguments, status: result.status, standardError: result.stderr) }
    return result.stdout
}

/// ``runGit(_:in:)`` output split into non-empty lines.
public func gitLines(_ arguments: [String], in directory: String) throws -> [String] {
    try runGit(arguments, in: directory).split(separator: "\n").map(String.init)
}

/// Runs `executable` with `arguments` to completion; throws ``GitCLIError`` when it exits with a failure status.
public func runProgram(_ executable: String, _ arguments: [String]) throws {
    let result = try ProcessRunner.run(executable, arguments)
    guard result.status == 0 else {
        throw GitCLIError(arguments: [executable] + arguments, status: result.status, standardError: result.stderr)
    }
}
