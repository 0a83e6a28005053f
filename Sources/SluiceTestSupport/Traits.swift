import Foundation
import Testing

extension Tag {
    /// Suites that take seconds: they start servers, spawn many processes or kill them.
    @Tag public static var slow: Self
    /// Suites that run the built `sluice` binary as a user would.
    @Tag public static var endToEnd: Self
    /// Suites that start a server on loopback (HTTP, git over HTTP, sshd).
    @Tag public static var loopback: Self
}

/// Whether this is a CI run (`CI=true`), where nothing may be skipped.
public let isContinuousIntegration = ProcessInfo.processInfo.environment["CI"] == "true"

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `condition` holds, saying why it is skipped elsewhere; in CI it always runs, so a
    /// missing tool fails loudly instead of skipping quietly.
    public static func requires(_ condition: @autoclosure @escaping @Sendable () -> Bool, _ why: Comment) -> Self {
        .enabled(if: isContinuousIntegration || condition(), why)
    }
}
