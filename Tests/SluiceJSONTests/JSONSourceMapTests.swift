import SluiceTestSupport
import Testing

@testable import SluiceJSON

@Suite("JSONSourceMap")
struct JSONSourceMapTests {
    static let document = """
        {
          "name": "flow",
          "blocks": [
            {
              "id": "a",
              "config": {"x": 1}
            },
            "second"
          ],
          "empty": {}
        }
        """

    static let expectations: [(JSONPointer, Int, Int)] = [
        (.root, 1, 1),
        ("/name", 2, 3),
        ("/blocks", 3, 3),
        ("/blocks/0", 4, 5),
        ("/blocks/0/id", 5, 7),
        ("/blocks/0/config", 6, 7),
        ("/blocks/0/config/x", 6, 18),
        ("/blocks/1", 8, 5),
        ("/empty", 10, 3),
    ]

    @Test("keys and array elements map to where they start", arguments: expectations)
    func positions(pointer: JSONPointer, line: Int, column: Int) throws {
        let map = try JSONSourceMap.build(Array(Self.document.utf8))
        #expect(map.position(of: pointer) == JSONSourcePosition(line: line, column: column))
        #expect(map.exactPosition(of: pointer) == JSONSourcePosition(line: line, column: column))
    }

    @Test("missing pointers fall back to the nearest existing ancestor")
    func fallback() throws {
        let map = try JSONSourceMap.build(Self.document)
        #expect(map.position(of: "/blocks/0/missing") == JSONSourcePosition(line: 4, column: 5))
        #expect(map.position(of: "/blocks/7/name") == JSONSourcePosition(line: 3, column: 3))
        #expect(map.position(of: "/nope") == JSONSourcePosition(line: 1, column: 1))
        #expect(map.exactPosition(of: "/blocks/0/missing") == nil)
    }

    @Test("records pointers in document order and returns the same value as parse")
    func documentOrder() throws {
        let (value, map) = try JSONParser.parseWithSourceMap(Array(Self.document.utf8))
        #expect(value == (try json(Self.document)))
        #expect(map.pointers == Self.expectations.map(\.0))
    }

    @Test("columns count Unicode scalars, not bytes")
    func scalarColumns() throws {
        let map = try JSONSourceMap.build(#"{"é😀": 1, "b": [true, "ü", 3]}"#)
        #expect(map.position(of: "/b") == JSONSourcePosition(line: 1, column: 11))
        #expect(map.position(of: "/b/2") == JSONSourcePosition(line: 1, column: 28))
    }

    @Test("CRLF line endings count as one line break and a BOM is not a column")
    func crlfAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\r\n  \"a\": 1\r\n}".utf8)
        let map = try JSONSourceMap.build(bytes)
        #expect(map.position(of: .root) == JSONSourcePosition(line: 1, column: 1))
        #expect(map.position(of: "/a") == JSONSourcePosition(line: 2, column: 3))
    }

    @Test("syntax errors carry the pointer when building a source map")
    func errors() throws {
        do {
            _ = try JSONSourceMap.build(#"{"a": [1, {"b": nul}]}"#)
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.message == "invalid value 'nul'")
            #expect(error.pointer == "/a/1/b")
            #expect(error.column == 17)
        }
    }
}
