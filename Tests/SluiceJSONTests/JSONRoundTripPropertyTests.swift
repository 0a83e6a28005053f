import SluiceTestSupport
import Testing

@testable import SluiceJSON

/// Generates random JSON values from a seeded generator.
struct RandomJSON {
    var generator: SplitMix64

    private static let characters: [Character] = [
        "a", "b", "z", "A", "0", "9", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{0}", "\u{1}", "\u{1f}",
        "\u{7f}", "é", "ß", "中", "😀", "👩‍👩‍👧", "\u{2028}", "~", "{", "]", ":", ",",
    ]

    private static let literals = ["0", "-0", "1.50", "1e10", "-2.5E-3", "123456789012345678901234567890", "0.000001"]

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    mutating func string() -> String {
        String((0..<int(0...8)).map { _ in Self.characters[int(0...(Self.characters.count - 1))] })
    }

    mutating func number() -> JSONNumber {
        switch int(0...3) {
        case 0: JSONNumber(int(-1_000_000...1_000_000))
        case 1: JSONNumber(Double.random(in: -1e6...1e6, using: &generator))
        case 2: JSONNumber(Double.random(in: -1...1, using: &generator) * 1e-200)
        default: JSONNumber(literal: Self.literals[int(0...(Self.literals.count - 1))]) ?? JSONNumber(0)
        }
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        let kind = depth >= 4 ? int(0...3) : int(0...5)
        switch kind {
        case 0: return .null
        case 1: return .bool(int(0...1) == 1)
        case 2: return .number(number())
        case 3: return .string(string())
        case 4: return .array((0..<int(0...5)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<int(0...12) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        }
    }
}

@Suite("Round-trip property")
struct JSONRoundTripPropertyTests {
    @Test("parse(canonical(v)) == v and canonical output is a fixed point", arguments: [1, 2, 3] as [UInt64])
    func canonicalRoundTrip(seed: UInt64) throws {
        var random = RandomJSON(seed: seed)
        for _ in 0..<150 {
            let value = random.value()
            let bytes = value.canonicalBytes()
            let parsed = try JSONParser.parse(bytes)
            #expect(parsed == value)
            #expect(parsed.canonicalBytes() == bytes)
            #expect(try JSONParser.parse(value.compactText()) == value)
        }
    }

    @Test("source maps locate every value of random documents")
    func sourceMapsCoverEveryValue() throws {
        var random = RandomJSON(seed: 99)
        for _ in 0..<50 {
            let value = random.value()
            let (parsed, map) = try JSONParser.parseWithSourceMap(value.canonicalBytes())
            #expect(parsed == value)
            for pointer in map.pointers {
                #expect(parsed.value(at: pointer) != nil)
                #expect(map.exactPosition(of: pointer) != nil)
            }
        }
    }
}
