import Foundation

/// Helpers for the timed runs' figures.
public enum Timing {
    /// The middle value, or the mean of the two middle values; 0 when `values` is empty.
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `value` seconds for a table: `0.123 s` below one second, `1.23 s` from one second up.
    public static func format(seconds value: Double) -> String {
        String(format: value < 1 ? "%.3f s" : "%.2f s", value)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
