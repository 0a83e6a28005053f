/// Why a benchmark stopped; printed as one line.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public var description: String

    /// A failure that prints as `description`.
    public init(_ description: String) { self.description = description }
}

/// A mistake on the command line; printed with the usage, exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public var description: String

    /// A usage error that prints as `description`.
    public init(_ description: String) { self.description = description }
}
