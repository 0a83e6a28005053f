/// How a merge settles two different changes of the same scalar instead of reporting a conflict.
public enum ScalarResolution: Sendable, Hashable {
    /// Takes the greater of two strings compared as UTF-8 bytes, which for ISO 8601 timestamps
    /// in the same form is the later time (read and viewed marks). Applies only when both sides
    /// hold strings; anything else (a deletion, a number) follows the generic rules.
    case laterTimestamp
}
