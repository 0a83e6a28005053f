import Foundation

/// The messages and the entry point shared by the benchmark executables.
public struct CommandLineTool: Sendable {
    /// The program name that starts every message, e.g. `sluice-benchmark`.
    public var name: String

    /// A tool whose messages start with `name`.
    public init(name: String) { self.name = name }

    /// Writes a progress line to standard error, keeping standard output for the results.
    public func progress(_ message: String) {
        FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
    }

    /// Prints `message` on standard error and exits with `code`.
    public func exitWithError(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("\(name): error: \(message)\n".utf8))
        exit(code)
    }

    /// Parses the command line with `parse` (nil: help was asked for, so prints `usage` and exits 0; a
    /// ``UsageError`` prints it with `usage` and exits 2), then prints what `run` returns, or its error with exit
    /// status 1.
    public func main<Options>(
        usage: String, parse: ([String]) throws(UsageError) -> Options?, run: (Options) throws -> String
    ) {
        let options: Options
        do {
            guard let parsed = try parse(Array(CommandLine.arguments.dropFirst())) else {
                print(usage)
                exit(0)
            }
            options = parsed
        } catch {
            exitWithError("\(error)\n\(usage)", code: 2)
        }
        do {
            print(try run(options))
        } catch {
            exitWithError("\(error)", code: 1)
        }
    }
}
