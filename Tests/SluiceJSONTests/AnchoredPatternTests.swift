import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceJSON

/// The direct matcher for simple anchored patterns must agree with `NSRegularExpression` on every text.
@Suite("Anchored patterns")
struct AnchoredPatternTests {
    /// The patterns of the shipped schemas and a few more of the same shape.
    static let patterns = [
        #"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"#,
        #"^\{\{[^{}]+\}\}$"#,
        #"^enc:v1:[A-Za-z0-9]+:[A-Za-z0-9+/=_-]+$"#,
        #"^[A-Za-z_][A-Za-z0-9_-]*$"#,
        #"^[^/\\]+$"#,
        #"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"#,
        #"^a*a*b?$"#,
        #"^\s*x\S{2,}\s*$"#,
        #"^[a-c]{2}-[^a-c]{1,3}$"#,
        #"^$"#,
    ]

    /// Texts chosen to sit on the edges: empty, line breaks at the end, Unicode, braces and slashes.
    static let edges = [
        "", "a", "ab", "a-b", "A_", "_a", "-a", "a\n", "a\r\n", "a\r", "a\n\n", "\n", "a\u{2028}", "a\u{85}", "a\u{0B}", "a\u{0C}",
        "{{x}}", "{{}}", "{{x}}\n", "{x}", "{{a{b}}", "enc:v1:k1:YWJj==", "enc:v1::x", "a/b", "a\\b", "é", "a\u{00A0}x", "x\u{00A0}ab",
        " xab ", "\txyz\t", "xy", "aab", "aaab", "b", "ab-d", "ab-def", "ab-defg", "ab-a", String(repeating: "a", count: 64),
        String(repeating: "a", count: 65), "a.b", "😀", "a😀", "\u{1F600}x",
    ]

    @Test("agrees with NSRegularExpression on edge texts and on seeded random texts", arguments: patterns)
    func agrees(pattern: String) throws {
        let simple = try #require(AnchoredPattern(pattern))
        let regex = try NSRegularExpression(pattern: pattern)
        var generator = SplitMix64(seed: UInt64(pattern.utf8.count))
        let alphabet = Array("aAbc_-./\\{}:=+ \t\n\r\u{00A0}\u{2028}é😀xyz019".unicodeScalars)
        let random = (0..<400).map { _ in
            String(String.UnicodeScalarView((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in Self.edges + random {
            let expected = regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
            #expect(simple.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
        }
    }

    @Test(
        "leaves other shapes to NSRegularExpression",
        arguments: [#"abc"#, #"^abc"#, #"abc$"#, #"^(a|b)$"#, #"^a.b$"#, #"^a+?$"#, #"^[[:alpha:]]$"#, #"^\d+$"#, #"^a{2,1}$"#, #"^a\$"#, #"^[]a]$"#]
    )
    func declines(pattern: String) {
        #expect(AnchoredPattern(pattern) == nil)
    }

    @Test("gives up on a pattern that backtracks too much, and the validator still answers")
    func backtracking() throws {
        let pattern = "^" + String(repeating: "a*", count: 6) + "b$"
        let simple = try #require(AnchoredPattern(pattern))
        let text = String(repeating: "a", count: 30)
        #expect(simple.matches(text) == nil)
        let validator = JSONSchemaValidator(schema: .object(["pattern": .string(pattern)]))
        #expect(validator.validate(.string(text)).map(\.message) == ["must match pattern \(pattern)"])
        #expect(validator.validate(.string(text + "b")).isEmpty)
    }
}
