/// One way in which a JSON instance does not satisfy a schema.
public struct JSONSchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the problem is. For a missing field this is the object lacking it;
    /// for an unknown field, the field itself.
    public var pointer: JSONPointer
    /// What is wrong, short and lower case, e.g. `missing required field "name"`.
    public var message: String

    /// Creates a violation.
    public init(pointer: JSONPointer, message: String) {
        self.pointer = pointer
        self.message = message
    }

    /// `pointer: message`, with "/" for the root.
    public var description: String { "\(pointer.display): \(message)" }
}
