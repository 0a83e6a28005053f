import SluiceTestSupport
import Testing

@testable import SluiceJSON

@Suite("Canonical writer")
struct JSONCanonicalWriterTests {
    @Test("nested sample matches the exact expected text")
    func nestedSample() {
        let value: JSONValue = [
            "name": "flow",
            "version": 2,
            "tags": ["a", "b"],
            "empty": [:],
            "list": [],
            "nested": ["x": nil, "y": [true, false, 1.5, [[:]]]],
        ]
        let expected = """
            {
              "name": "flow",
              "version": 2,
              "tags": [
                "a",
                "b"
              ],
              "empty": {},
              "list": [],
              "nested": {
                "x": null,
                "y": [
                  true,
                  false,
                  1.5,
                  [
                    {}
                  ]
                ]
              }
            }

            """
        #expect(value.canonicalText() == expected)
        #expect(value.canonicalBytes() == Array(expected.utf8))
    }

    @Test("keeps stored key order instead of sorting")
    func keyOrder() {
        let value: JSONValue = ["zebra": 1, "apple": 2, "mango": 3]
        #expect(value.canonicalText() == "{\n  \"zebra\": 1,\n  \"apple\": 2,\n  \"mango\": 3\n}\n")
    }

    @Test(
        "scalars and empty containers at top level end with one newline",
        arguments: [
            (JSONValue.null, "null\n"), (true, "true\n"), ("x", "\"x\"\n"), ([], "[]\n"), ([:], "{}\n"),
            (.number(JSONNumber(literal: "1.50e3") ?? JSONNumber(0)), "1.50e3\n"),
        ] as [(JSONValue, String)])
    func scalars(value: JSONValue, text: String) {
        #expect(value.canonicalText() == text)
    }

    @Test("escapes quotes, backslashes and control characters only")
    func escaping() {
        let value = JSONValue.string("a\"b\\c\n\t\r\u{8}\u{c}\u{1}\u{1f}/é😀\u{7f}\u{2028}")
        #expect(value.compactText() == "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f/é😀\u{7f}\u{2028}\"")
        let keyed: JSONValue = ["k\"\n": "v"]
        #expect(keyed.canonicalText() == "{\n  \"k\\\"\\n\": \"v\"\n}\n")
    }

    @Test("compact text has no whitespace or trailing newline")
    func compact() throws {
        let value = try json(#"{ "a" : [ 1 , { "b" : null } ], "c" : "d e" }"#)
        #expect(value.compactText() == #"{"a":[1,{"b":null}],"c":"d e"}"#)
        #expect(value.compactBytes() == Array(value.compactText().utf8))
    }

    @Test("canonical output is a fixed point and parses back to the same value")
    func fixedPoint() throws {
        let messy = #"{"b":[1,2,{"x":"é\u00e9\n"}],"a":{},"c":[],"d":-0.5e-3,"e":"\/"}"#
        let value = try json(messy)
        let once = value.canonicalBytes()
        let reparsed = try JSONParser.parse(once)
        #expect(reparsed == value)
        #expect(reparsed.canonicalBytes() == once)
        #expect(once.last == 0x0A && once.dropLast().last != 0x0A)
        #expect(!once.contains(0x0D))
    }
}
