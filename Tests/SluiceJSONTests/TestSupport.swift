@testable import SluiceJSON

/// Parses JSON text in tests; schemas and instances are written as text to keep literals simple.
func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// The error thrown by parsing `bytes`, or nil if parsing succeeds.
func syntaxError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// SplitMix64: a tiny seeded generator so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
