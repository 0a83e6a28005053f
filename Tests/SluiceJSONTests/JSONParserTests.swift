import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceJSON

struct AcceptCase: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: JSONValue
    var testDescription: String { input.debugDescription }
}

struct RejectCase: Sendable, CustomTestStringConvertible {
    let input: [UInt8]
    let message: String
    var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }

    init(_ input: String, _ message: String) {
        self.input = Array(input.utf8)
        self.message = message
    }

    init(bytes: [UInt8], _ message: String) {
        input = bytes
        self.message = message
    }
}

struct LocatedCase: Sendable, CustomTestStringConvertible {
    let input: String
    let message: String
    let line: Int
    let column: Int
    let pointer: JSONPointer
    var testDescription: String { message }
}

@Suite("JSONParser")
struct JSONParserTests {
    static let accepted: [AcceptCase] = [
        AcceptCase(input: "null", expected: .null),
        AcceptCase(input: "true", expected: true),
        AcceptCase(input: "false", expected: false),
        AcceptCase(input: "0", expected: 0),
        AcceptCase(input: "-0", expected: .number(JSONNumber(literal: "-0") ?? JSONNumber(0))),
        AcceptCase(input: "1.5e10", expected: .number(JSONNumber(literal: "1.5e10") ?? JSONNumber(0))),
        AcceptCase(input: "-1.25E-3", expected: .number(JSONNumber(literal: "-1.25E-3") ?? JSONNumber(0))),
        AcceptCase(input: "1E+2", expected: .number(JSONNumber(literal: "1E+2") ?? JSONNumber(0))),
        AcceptCase(input: "\"a\"", expected: "a"),
        AcceptCase(input: "[]", expected: []),
        AcceptCase(input: "{}", expected: [:]),
        AcceptCase(input: " \t\r\n [1 , 2\n,3 ] \n", expected: [1, 2, 3]),
        AcceptCase(input: #"{"a":{"b":[null,{}]}}"#, expected: ["a": ["b": [nil, [:]]]]),
        AcceptCase(input: #""\u00e9\u00C9""#, expected: "éÉ"),
        AcceptCase(input: #""\ud83d\ude00""#, expected: "😀"),
        AcceptCase(input: #""\"\\\/\b\f\n\r\t""#, expected: "\"\\/\u{8}\u{c}\n\r\t"),
        AcceptCase(input: "\"é😀 raw\"", expected: "é😀 raw"),
        AcceptCase(input: #""a\u0000b""#, expected: "a\u{0}b"),
        AcceptCase(input: "[[[[]]]]", expected: [[[[]]]]),
        AcceptCase(input: #"{"":""}"#, expected: ["": ""]),
    ]

    @Test("accepts valid documents", arguments: accepted)
    func accepts(_ testCase: AcceptCase) throws {
        let value = try JSONParser.parse(testCase.input)
        #expect(value == testCase.expected)
    }

    static let rejected: [RejectCase] = [
        RejectCase("", "document is empty"),
        RejectCase("  \n ", "document is empty"),
        RejectCase("[1,", "unexpected end of input"),
        RejectCase(#"{"a":"#, "unexpected end of input"),
        RejectCase(#"{"a":1,}"#, "trailing comma before '}'"),
        RejectCase("[1,2,]", "trailing comma before ']'"),
        RejectCase(#"{"a":1 "b":2}"#, "expected ',' or '}' after object member"),
        RejectCase("[1 2]", "expected ',' or ']' after array element"),
        RejectCase(#""abc"#, "unterminated string"),
        RejectCase(#""a\qb""#, #"invalid escape sequence '\q'"#),
        RejectCase(#""a\x41""#, #"invalid escape sequence '\x'"#),
        RejectCase("// note\n1", "comments are not allowed"),
        RejectCase("[1, /* two */ 2]", "comments are not allowed"),
        RejectCase("01", "leading zeros are not allowed in numbers"),
        RejectCase("-012", "leading zeros are not allowed in numbers"),
        RejectCase("NaN", "invalid value 'NaN'"),
        RejectCase("[Infinity]", "invalid value 'Infinity'"),
        RejectCase("-Infinity", "expected digit after '-'"),
        RejectCase("1.", "expected digit after '.'"),
        RejectCase("1.e5", "expected digit after '.'"),
        RejectCase("1e", "expected digit in exponent"),
        RejectCase("1e+", "expected digit in exponent"),
        RejectCase(".5", "invalid value '.5'"),
        RejectCase("['a']", "strings must use double quotes"),
        RejectCase("{'a': 1}", "strings must use double quotes"),
        RejectCase(#"{"a" 1}"#, "expected ':' after object key"),
        RejectCase("{a:1}", "expected string key or '}'"),
        RejectCase(#"{"a":1, 2}"#, "expected string key"),
        RejectCase(#""\ud800""#, #"unpaired surrogate '\ud800' in string"#),
        RejectCase(#""\udc00x""#, #"unpaired surrogate '\udc00' in string"#),
        RejectCase(#""\ud800\u0041""#, #"unpaired surrogate '\ud800' in string"#),
        RejectCase(#""\u12G4""#, #"invalid unicode escape '\u12G4'"#),
        RejectCase(#""\u12""#, #"invalid unicode escape '\u12'"#),
        RejectCase("\"a\tb\"", "unescaped control character U+0009 in string"),
        RejectCase("\"a\u{1}b\"", "unescaped control character U+0001 in string"),
        RejectCase("\"a\nb\"", "unterminated string"),
        RejectCase("[1] 2", "unexpected character '2' after end of document"),
        RejectCase(#"{"a":1}}"#, "unexpected character '}' after end of document"),
        RejectCase("[1]\u{0B}", "unexpected character U+000B after end of document"),
        RejectCase("tru", "invalid value 'tru'"),
        RejectCase("truex", "invalid value 'truex'"),
        RejectCase("[,1]", "expected a value, found ','"),
        RejectCase(#"{"a":}"#, "expected a value, found '}'"),
        RejectCase("\u{201C}a\u{201D}", "unexpected character '\u{201C}' (U+201C)"),
        RejectCase(bytes: [0x22, 0xFF, 0x22], "invalid UTF-8 byte 0xFF in string"),
        RejectCase(bytes: [0x22, 0xC3, 0x28, 0x22], "invalid UTF-8 byte 0x28 in string"),
        RejectCase(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 byte 0xC0 in string"),
        RejectCase(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 byte 0xA0 in string"),
        RejectCase(bytes: [0x22, 0xE2, 0x82], "invalid UTF-8 byte 0xE2 in string"),
        RejectCase(bytes: [0xFF], "invalid UTF-8 byte 0xFF"),
        RejectCase(#"{"name":1,"name":2}"#, #"duplicate key "name""#),
    ]

    @Test("rejects invalid documents with a clear message", arguments: rejected)
    func rejects(_ testCase: RejectCase) throws {
        let error = try #require(syntaxError(testCase.input))
        #expect(error.message == testCase.message)
        #expect(error.line >= 1 && error.column >= 1)
    }

    static let located: [LocatedCase] = [
        LocatedCase(
            input: "{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}",
            message: "trailing comma before ']'", line: 3, column: 13, pointer: "/b"
        ),
        LocatedCase(
            input: "{\n  \"name\": \"x\",\n  \"name\": \"y\"\n}",
            message: #"duplicate key "name""#, line: 3, column: 3, pointer: .root
        ),
        LocatedCase(
            input: "[\n  \"ok\",\n  \"é\tb\"\n]",
            message: "unescaped control character U+0009 in string", line: 3, column: 5, pointer: "/1"
        ),
        LocatedCase(
            input: "{\n  \"a\": {\n    \"b\": tru\n  }\n}",
            message: "invalid value 'tru'", line: 3, column: 10, pointer: "/a/b"
        ),
        LocatedCase(
            input: "{\n  \"a\": \"abc\n}",
            message: "unterminated string", line: 2, column: 8, pointer: "/a"
        ),
        LocatedCase(
            input: "{\n  \"a\": [\n    1,\n",
            message: "unexpected end of input", line: 4, column: 1, pointer: "/a/1"
        ),
        LocatedCase(
            input: "{\n  \"list\": [{\"x\": 1} {\"y\": 2}]\n}",
            message: "expected ',' or ']' after array element", line: 2, column: 21, pointer: "/list"
        ),
    ]

    @Test("reports line, column and pointer", arguments: located)
    func locates(_ testCase: LocatedCase) throws {
        let error = try #require(syntaxError(Array(testCase.input.utf8)))
        #expect(error.message == testCase.message)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.pointer == testCase.pointer)
        #expect(error.description == "line \(testCase.line), column \(testCase.column): \(testCase.message)")
    }

    @Test("duplicate keys are errors at any depth, with the object's pointer")
    func duplicateKeysNested() throws {
        let error = try #require(syntaxError(Array(#"{"blocks":[{"id":1},{"id":2,"id":3}]}"#.utf8)))
        #expect(error.message == #"duplicate key "id""#)
        #expect(error.pointer == "/blocks/1")
        #expect(error.column == 29)
        // The same key in sibling objects is fine.
        #expect(try json(#"[{"id":1},{"id":2}]"#).arrayValue?.count == 2)
    }

    @Test("nesting depth limit", arguments: [1, 2, 10])
    func depthLimit(maxDepth: Int) throws {
        let limits = JSONLimits(maxDepth: maxDepth)
        let ok = String(repeating: "[", count: maxDepth) + String(repeating: "]", count: maxDepth)
        #expect(syntaxError(Array(ok.utf8), limits: limits) == nil)
        let deep = String(repeating: "[", count: maxDepth + 1) + String(repeating: "]", count: maxDepth + 1)
        let error = try #require(syntaxError(Array(deep.utf8), limits: limits))
        #expect(error.message == "nesting deeper than \(maxDepth) levels")
        #expect(error.column == maxDepth + 1)
    }

    @Test("default depth limit is 512")
    func defaultDepthLimit() throws {
        let nested = { (depth: Int) in Array((String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)).utf8) }
        #expect(syntaxError(nested(512)) == nil)
        let error = try #require(syntaxError(nested(513)))
        #expect(error.message == "nesting deeper than 512 levels")
        #expect(JSONLimits.default.maxDepth == 512)
    }

    @Test("size limit")
    func sizeLimit() throws {
        #expect(syntaxError(Array("[1,2,3]".utf8), limits: JSONLimits(maxBytes: 7)) == nil)
        let small = try #require(syntaxError(Array("[1,2,3] ".utf8), limits: JSONLimits(maxBytes: 7)))
        #expect(small.message == "document is larger than 7 bytes")
        let huge = [UInt8](repeating: 0x20, count: 16 * 1024 * 1024 + 1)
        let error = try #require(syntaxError(huge))
        #expect(error.message == "document is larger than 16777216 bytes")
        #expect(error.line == 1 && error.column == 1)
    }

    @Test("a leading byte order mark is skipped and not counted as a column")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONParser.parse(bom + Array(#"{"a":1}"#.utf8)) == ["a": 1])
        let error = try #require(syntaxError(bom + Array("[1,]".utf8)))
        #expect(error.column == 3)
        #expect(syntaxError(bom)?.message == "document is empty")
        #expect(syntaxError(Array("[1]".utf8) + bom)?.message == "unexpected character '\u{FEFF}' (U+FEFF) after end of document")
    }

    @Test("surrogate pairs decode to one scalar")
    func surrogatePairs() throws {
        let value = try json(#"["\ud834\udd1e", "\uD83D\uDE00x"]"#)
        #expect(value == ["𝄞", "😀x"])
        #expect(value[0]?.stringValue?.unicodeScalars.count == 1)
    }

    @Test("Data and String overloads agree with bytes")
    func overloads() throws {
        let text = #"{"k": [1, "é", true]}"#
        let fromBytes = try JSONParser.parse(Array(text.utf8))
        #expect(try JSONParser.parse(Data(text.utf8)) == fromBytes)
        #expect(try JSONParser.parse(text) == fromBytes)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data("[".utf8)) }
    }

    @Test("numbers keep their literal text and object keys their order")
    func lossless() throws {
        let value = try json(#"{"z": 1.50, "a": 1e2, "m": -0}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["z"]?.numberValue?.literal == "1.50")
        #expect(value["a"]?.numberValue?.literal == "1e2")
        #expect(value["m"]?.numberValue?.literal == "-0")
    }
}
