import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceJSON

struct NamedBlock: Codable, Equatable {
    var name: String
    var level: Int?
    var config: JSONValue?
}

struct BlockList: Codable, Equatable {
    var blocks: [NamedBlock]
}

struct DecodeFailure: Sendable, CustomTestStringConvertible {
    let document: String
    let pointer: JSONPointer
    let message: String
    var testDescription: String { message }
}

@Suite("JSONValueDecoder")
struct JSONValueDecoderTests {
    @Test("decodes what the encoder produced")
    func roundTrip() throws {
        let flow = try JSONValueEncoderTests.sampleFlow()
        let value = try JSONValueEncoder().encode(flow)
        #expect(try JSONValueDecoder().decode(EncodedFlow.self, from: value) == flow)
    }

    @Test("dates are ISO 8601 strings in UTC with milliseconds; a number of seconds since 2001 (the old form) still decodes")
    func dates() throws {
        struct Stamped: Codable, Equatable { var at: Date }
        let stamped = Stamped(at: Date(timeIntervalSince1970: 1_764_700_000.25))
        let encoded = try JSONValueEncoder().encode(stamped)
        #expect(encoded.compactText() == #"{"at":"2025-12-02T18:26:40.250Z"}"#)
        #expect(try JSONValueDecoder().decode(Stamped.self, from: encoded) == stamped)
        #expect(try JSONValueDecoder().decode(Stamped.self, from: json(#"{"at": "2025-12-02T18:26:40Z"}"#)).at.timeIntervalSince1970 == 1_764_700_000)
        let old = try json(#"{"at": \#(stamped.at.timeIntervalSinceReferenceDate)}"#)
        #expect(try JSONValueDecoder().decode(Stamped.self, from: old) == stamped)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Stamped.self, from: try json(#"{"at": "yesterday"}"#)) }
    }

    @Test("optionals: null and missing both decode to nil; JSONValue is kept as is")
    func optionals() throws {
        let list = try JSONValueDecoder().decode(
            BlockList.self,
            from: json(
                #"""
                {"blocks": [{"name": "a", "level": null}, {"name": "b", "config": {"z": 1.0, "a": null}}]}
                """#))
        #expect(list.blocks[0] == NamedBlock(name: "a", level: nil, config: nil))
        #expect(list.blocks[1].config?.objectValue?.keys == ["z", "a"])
        #expect(list.blocks[1].config?["z"]?.numberValue?.literal == "1.0")
    }

    static let failures: [DecodeFailure] = [
        DecodeFailure(
            document: #"{"blocks": [{"name": "a"}, {"name": "b"}, {"name": 5}]}"#,
            pointer: "/blocks/2/name", message: "expected string, found number"
        ),
        DecodeFailure(
            document: #"{"blocks": [{"name": "a"}, {"level": 1}]}"#,
            pointer: "/blocks/1", message: #"missing required field "name""#
        ),
        DecodeFailure(
            document: #"{"blocks": [{"name": null}]}"#,
            pointer: "/blocks/0/name", message: "expected string, found null"
        ),
        DecodeFailure(
            document: #"{"blocks": [{"name": "a", "level": 1.5}]}"#,
            pointer: "/blocks/0/level", message: "expected integer, found 1.5"
        ),
        DecodeFailure(
            document: #"{"blocks": [{"name": "a"}, {"name": "b", "level": "high"}]}"#,
            pointer: "/blocks/1/level", message: "expected number, found string"
        ),
        DecodeFailure(
            document: #"{"blocks": {"name": "a"}}"#,
            pointer: "/blocks", message: "expected array, found object"
        ),
        DecodeFailure(
            document: #"{"blocks": [["a"]]}"#,
            pointer: "/blocks/0", message: "expected object, found array"
        ),
        DecodeFailure(document: "[]", pointer: .root, message: "expected object, found array"),
    ]

    @Test("errors carry the JSON pointer and a short message", arguments: failures)
    func errors(_ failure: DecodeFailure) throws {
        let value = try json(failure.document)
        do {
            _ = try JSONValueDecoder().decode(BlockList.self, from: value)
            Issue.record("expected a decoding error")
        } catch let error as DecodingError {
            #expect(error.jsonPointer == failure.pointer)
            #expect(error.shortMessage == failure.message)
        }
    }

    @Test("integers must fit and be exact")
    func integers() throws {
        let decoder = JSONValueDecoder()
        #expect(try decoder.decode(Int.self, from: json("2.0")) == 2)
        #expect(try decoder.decode(UInt64.self, from: json("18446744073709551615")) == UInt64.max)
        #expect(try decoder.decode(Int8.self, from: json("-128")) == -128)
        do {
            _ = try decoder.decode([UInt8].self, from: json("[1, 300]"))
            Issue.record("expected a decoding error")
        } catch let error as DecodingError {
            #expect(error.shortMessage == "number 300 is out of range for UInt8")
            #expect(error.jsonPointer == "/1")
        }
        #expect(try decoder.decode(Double.self, from: json("1e3")) == 1000)
        #expect(try decoder.decode(Float.self, from: json("0.1")) == Float(0.1))
    }

    @Test("dictionaries, nested arrays, enums and JSONObject")
    func containers() throws {
        let decoder = JSONValueDecoder()
        #expect(try decoder.decode([String: [Int]].self, from: json(#"{"a": [1], "b": []}"#)) == ["a": [1], "b": []])
        #expect(try decoder.decode([[Int]].self, from: json("[[1, 2], [3]]")) == [[1, 2], [3]])
        #expect(try decoder.decode([Mode].self, from: json(#"["easy", "power"]"#)) == [.easy, .power])
        let object = try decoder.decode(JSONObject.self, from: json(#"{"y": 1, "x": 2}"#))
        #expect(object.keys == ["y", "x"])
        #expect(throws: DecodingError.self) { try decoder.decode(JSONObject.self, from: json("[1]")) }
        #expect(throws: DecodingError.self) { try decoder.decode(Mode.self, from: json(#""hard""#)) }
    }

    @Test("JSONValue also works with Foundation's coders")
    func foundationCoders() throws {
        let text = #"{"a":[1,2.5,"x",null,true,{"b":{}}]}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == (try json(text)))
        let encoded = try JSONEncoder().encode(decoded)
        #expect(try JSONParser.parse(encoded) == decoded)
    }
}
