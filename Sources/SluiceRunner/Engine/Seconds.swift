/// Conversions of a number of seconds from a document or a dynamic value, which may be any double: negative, not a
/// number, or too large for an integer type. Each conversion saturates instead of trapping.
public enum Seconds {
    /// Nanoseconds for `Task.sleep`: 0 for a negative or non-number value, at most `UInt64.max` (about 584 years).
    public static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }  // also NaN
        let nanoseconds = seconds * 1_000_000_000
        // `Double(UInt64.max)` is 2^64, one past the largest value; any double below it converts.
        guard nanoseconds < Double(UInt64.max) else { return UInt64.max }
        return UInt64(nanoseconds)
    }

    /// Milliseconds for a deadline, from 1 up to `Int64.max / 1_000_000`: NIO turns them into nanoseconds and adds
    /// the current time, and neither may overflow.
    public static func milliseconds(_ seconds: Double) -> Int64 {
        let limit = Int64.max / 1_000_000
        guard seconds > 0.001 else { return 1 }  // also NaN
        guard seconds * 1000 < Double(limit) else { return limit }
        return Int64(seconds * 1000)
    }

    /// `30`, `1.5`: the value as written in messages.
    public static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }
}
