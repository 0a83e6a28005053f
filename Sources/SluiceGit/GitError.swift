import CLibGit2

/// An error reported by libgit2 (or by SluiceGit while validating arguments for libgit2).
///
/// The message and class are read from `git_error_last()` on the same thread, inside the
/// same synchronous call that failed, so they always belong to this failure.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The libgit2 return code (a negative `git_error_code`, for example `-3` for `GIT_ENOTFOUND`).
    public let code: Int32
    /// The libgit2 error class (`git_error_t`), or `0` when libgit2 did not set one.
    public let errorClass: Int32
    /// The human-readable message.
    public let message: String
    /// The libgit2 function (or SluiceGit operation) that failed.
    public let function: String

    /// Creates an error from its parts.
    public init(code: Int32, errorClass: Int32, message: String, function: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.function = function
    }

    /// For example `git_repository_open failed: could not find repository at '/x' (code -3)`.
    public var description: String {
        "\(function) failed: \(message) (code \(code))"
    }

    /// True when the requested object, reference, path or configuration key does not exist.
    public var isNotFound: Bool {
        code == GIT_ENOTFOUND.rawValue
    }

    /// True when a compare-and-swap style update lost a race: the reference moved
    /// (`GIT_EMODIFIED`), a lock file is held by someone else (`GIT_ELOCKED`), or the
    /// thing that had to be absent already exists (`GIT_EEXISTS`).
    public var isConflictingUpdate: Bool {
        code == GIT_EMODIFIED.rawValue || code == GIT_ELOCKED.rawValue || code == GIT_EEXISTS.rawValue
    }

    /// Builds an error from libgit2's per-thread last error. Call only right after the failing call.
    static func last(code: Int32, function: String) -> GitError {
        guard let error = git_error_last() else {
            return GitError(code: code, errorClass: 0, message: "unknown libgit2 error", function: function)
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown libgit2 error"
        return GitError(code: code, errorClass: error.pointee.klass, message: message, function: function)
    }

    /// An argument rejected by SluiceGit before reaching libgit2.
    static func invalidArgument(_ message: String, function: String) -> GitError {
        GitError(
            code: GIT_EINVALIDSPEC.rawValue,
            errorClass: Int32(bitPattern: GIT_ERROR_INVALID.rawValue),
            message: message,
            function: function
        )
    }
}

/// Runs one libgit2 call and throws a ``GitError`` (read on this thread, immediately) when it
/// returns a negative code.
func git(_ function: String, _ call: () -> Int32) throws {
    _ = try gitValue(function, call)
}

/// Like ``git(_:_:)`` but returns the non-negative result (for calls that answer 0 or 1).
func gitValue(_ function: String, _ call: () -> Int32) throws -> Int32 {
    let result = call()
    guard result >= 0 else {
        throw GitError.last(code: result, function: function)
    }
    return result
}
