/// Conversions of a number of seconds from a document or a dynamic value, which may be any double: negative, not a
/// number, or too large for an integer type. Each conversion saturates instead of trapping.
public enum Seconds {
    /// The longest wait any conversion gives: about 292 years, `UInt64.max` nanoseconds.
    static let longest = Double(UInt64.max) / 1_000_000_000

    /// Nanoseconds for `Task.sleep`: 0 for a negative or non-number value, at most `UInt64.max`.
    public static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }  // also NaN
        guard seconds < longest else { return UInt64.max }
        return UInt64(seconds * 1_000_000_000)
    }

    /// Milliseconds for a deadline, from 1 up to `Int64.max / 1000` (so that adding it to the current time cannot
    /// overflow either).
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
