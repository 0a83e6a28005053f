/// A malformed JSON pointer, or a pointer that cannot be applied to a value.
public struct JSONPointerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, lower case.
    public let message: String

    /// Creates an error with a message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
