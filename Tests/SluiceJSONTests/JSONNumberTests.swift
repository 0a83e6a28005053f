import Testing

@testable import SluiceJSON

@Suite("JSONNumber")
struct JSONNumberTests {
    @Test(
        "doubles print integrally within 2^53, otherwise shortest round-trip",
        arguments: [
            (3.0, "3"), (-0.0, "0"), (0.1, "0.1"), (1.5, "1.5"), (-2.25, "-2.25"),
            (9_007_199_254_740_992.0, "9007199254740992"), (1e20, "1e+20"), (1e-7, "1e-07"),
            (Double.infinity, "0"), (Double.nan, "0"), (123_456.789, "123456.789"),
        ])
    func doubles(value: Double, literal: String) {
        let number = JSONNumber(value)
        #expect(number.literal == literal)
        #expect(JSONNumber(literal: number.literal) != nil)
        if value.isFinite { #expect(number.doubleValue == value) }
    }

    @Test("integers and floats")
    func integersAndFloats() {
        #expect(JSONNumber(42).literal == "42")
        #expect(JSONNumber(Int.min).literal == String(Int.min))
        #expect(JSONNumber(Float(0.1)).literal == "0.1")
        #expect(JSONNumber(Float(2)).literal == "2")
    }

    @Test(
        "validates literal syntax",
        arguments: [
            ("0", true), ("-0", true), ("12", true), ("1.5", true), ("1e5", true), ("1E-5", true), ("-1.5e+3", true),
            ("01", false), ("+1", false), ("1.", false), (".5", false), ("1e", false), ("NaN", false),
            ("", false), ("-", false), (" 1", false), ("1 ", false), ("0x10", false), ("Infinity", false),
        ])
    func literalValidation(literal: String, valid: Bool) {
        #expect((JSONNumber(literal: literal) != nil) == valid)
    }

    @Test(
        "intValue is exact",
        arguments: [
            ("42", 42), ("-7", -7), ("2.0", 2), ("1e3", 1000), ("12.50e1", 125), ("-0", 0), ("0.0e5", 0),
            ("1.5", nil), ("1e-3", nil), ("99999999999999999999", nil), ("1.0000000000000000001", nil),
        ] as [(String, Int?)])
    func exactIntegers(literal: String, expected: Int?) throws {
        let number = try #require(JSONNumber(literal: literal))
        #expect(number.intValue == expected)
    }

    @Test("equality and hashing use the literal")
    func equality() throws {
        let one = try #require(JSONNumber(literal: "1"))
        let oneDotZero = try #require(JSONNumber(literal: "1.0"))
        #expect(one != oneDotZero)
        #expect(one.doubleValue == oneDotZero.doubleValue)
        #expect(one == JSONNumber(1))
        #expect(Set([one, JSONNumber(1), oneDotZero]).count == 2)
        #expect(oneDotZero.description == "1.0")
    }
}
