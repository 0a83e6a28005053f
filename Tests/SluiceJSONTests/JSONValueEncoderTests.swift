import SluiceTestSupport
import Testing

@testable import SluiceJSON

struct EncodedBlock: Codable, Equatable {
    var type: String
    var name: String
    var note: String?
    var config: JSONValue
    var retries: Int
}

struct EncodedFlow: Codable, Equatable {
    var zeta: String
    var alpha: Int
    var blocks: [EncodedBlock]
    var labels: [String: Int]
    var ratio: Double
}

enum Mode: String, Codable {
    case power, easy
}

class BaseStep: Encodable {
    var id = "base-1"

    private enum CodingKeys: String, CodingKey { case id }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
    }
}

final class DerivedStep: BaseStep {
    var extra = true

    private enum CodingKeys: String, CodingKey { case extra }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(extra, forKey: .extra)
        try super.encode(to: container.superEncoder())
    }
}

/// Writes through nested keyed and unkeyed containers.
struct Geometry: Encodable {
    private enum CodingKeys: String, CodingKey { case size, points }
    private enum SizeKeys: String, CodingKey { case width, height }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var size = container.nestedContainer(keyedBy: SizeKeys.self, forKey: .size)
        try size.encode(1920, forKey: .width)
        try size.encode(1080, forKey: .height)
        var points = container.nestedUnkeyedContainer(forKey: .points)
        var first = points.nestedUnkeyedContainer()
        try first.encode(0)
        try first.encode(1)
        var second = points.nestedContainer(keyedBy: SizeKeys.self)
        try second.encode(2, forKey: .width)
        try points.encodeNil()
    }
}

@Suite("JSONValueEncoder")
struct JSONValueEncoderTests {
    static func sampleFlow() throws -> EncodedFlow {
        EncodedFlow(
            zeta: "z", alpha: 1,
            blocks: [
                EncodedBlock(type: "power", name: "one", note: nil, config: try json(#"{"z": 1.50, "a": [true]}"#), retries: 0),
                EncodedBlock(type: "easy", name: "two", note: "hi", config: [:], retries: 3),
            ],
            labels: ["b": 2, "a": 1, "c": 3],
            ratio: 0.25
        )
    }

    @Test("keys keep declaration order, nil optionals are omitted, dictionaries are sorted")
    func keyOrder() throws {
        let value = try JSONValueEncoder().encode(Self.sampleFlow())
        #expect(value.objectValue?.keys == ["zeta", "alpha", "blocks", "labels", "ratio"])
        #expect(value.value(at: "/blocks/0")?.objectValue?.keys == ["type", "name", "config", "retries"])
        #expect(value.value(at: "/blocks/1")?.objectValue?.keys == ["type", "name", "note", "config", "retries"])
        #expect(value["labels"]?.objectValue?.keys == ["a", "b", "c"])
    }

    @Test("JSONValue members pass through unchanged, including key order and literals")
    func passThrough() throws {
        let value = try JSONValueEncoder().encode(Self.sampleFlow())
        let config = try #require(value.value(at: "/blocks/0/config"))
        #expect(config.objectValue?.keys == ["z", "a"])
        #expect(config["z"]?.numberValue?.literal == "1.50")
        let raw = try json(#"{"y": 1, "x": {"q": null, "p": 2}}"#)
        #expect(try JSONValueEncoder().encode(raw).canonicalText() == raw.canonicalText())
    }

    @Test("canonical text of an encoded model")
    func canonicalText() throws {
        let value = try JSONValueEncoder().encode(EncodedBlock(type: "power", name: "x", note: nil, config: ["k": "v"], retries: 2))
        #expect(
            value.canonicalText() == """
                {
                  "type": "power",
                  "name": "x",
                  "config": {
                    "k": "v"
                  },
                  "retries": 2
                }

                """)
    }

    @Test("super encoders and nested containers")
    func nesting() throws {
        let derived = try JSONValueEncoder().encode(DerivedStep())
        #expect(derived.compactText() == #"{"extra":true,"super":{"id":"base-1"}}"#)
        let geometry = try JSONValueEncoder().encode(Geometry())
        #expect(geometry.compactText() == #"{"size":{"width":1920,"height":1080},"points":[[0,1],{"width":2},null]}"#)
    }

    @Test("scalars and top-level single values")
    func scalars() throws {
        let encoder = JSONValueEncoder()
        #expect(try encoder.encode(Mode.power) == "power")
        #expect(try encoder.encode(Int64.min).numberValue?.literal == "-9223372036854775808")
        #expect(try encoder.encode(UInt64.max).numberValue?.literal == "18446744073709551615")
        #expect(try encoder.encode(UInt(7)) == 7)
        #expect(try encoder.encode(3.0).numberValue?.literal == "3")
        #expect(try encoder.encode(Float(0.1)).numberValue?.literal == "0.1")
        #expect(try encoder.encode(false) == false)
        #expect(try encoder.encode([1, 2]) == [1, 2])
        #expect(try encoder.encode([String?]([nil, "x"])) == [nil, "x"])
        #expect(try encoder.encode(["k": [Mode.easy]]) == ["k": ["easy"]])
    }

    @Test("non-finite numbers are rejected with the coding path")
    func nonFinite() throws {
        struct Holder: Encodable { var values: [Double] }
        do {
            _ = try JSONValueEncoder().encode(Holder(values: [1, .nan]))
            Issue.record("expected an encoding error")
        } catch let EncodingError.invalidValue(_, context) {
            #expect(context.codingPath.map(\.stringValue) == ["values", "Index 1"])
            #expect(context.debugDescription.contains("must be finite"))
        }
    }
}
