import Testing

@testable import SluiceJSON

@Suite("JSONObject")
struct JSONObjectTests {
    @Test("keeps insertion order; overwriting keeps the position; nil removes")
    func ordering() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = "x"
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == "x")
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object.count == 2)
        #expect(!object.contains("a"))
        #expect(object.removeValue(forKey: "b") == "x")
        #expect(object.removeValue(forKey: "zzz") == nil)
        #expect(object.keys == ["c"])
        #expect(!object.isEmpty)
        #expect(JSONObject().isEmpty)
    }

    @Test("pairs initializer lets later duplicates overwrite")
    func pairs() {
        let object = JSONObject([("x", 1), ("y", 2), ("x", 3)])
        #expect(object.keys == ["x", "y"])
        #expect(object["x"] == 3)
    }

    @Test("iterates members in order")
    func iteration() {
        let object: JSONObject = ["one": 1, "two": 2, "three": 3]
        var seen: [String] = []
        for (key, value) in object {
            seen.append("\(key)=\(value.intValue ?? -1)")
        }
        #expect(seen == ["one=1", "two=2", "three=3"])
        #expect(object.map(\.key) == ["one", "two", "three"])
    }

    @Test("equality ignores order and hashing agrees")
    func equality() {
        let left: JSONObject = ["a": 1, "b": [1, 2]]
        let right: JSONObject = ["b": [1, 2], "a": 1]
        #expect(left == right)
        #expect(left.hashValue == right.hashValue)
        #expect(Set([JSONValue.object(left), .object(right)]).count == 1)
        #expect(left != ["a": 1, "b": [2, 1]])
        #expect(left != ["a": 1])
    }

    @Test("large objects keep lookups and removals consistent", arguments: [5, 9, 40])
    func largeObjects(size: Int) {
        var object = JSONObject()
        for index in 0..<size { object["k\(index)"] = .number(JSONNumber(index)) }
        #expect(object.count == size)
        #expect(object["k\(size - 1)"]?.intValue == size - 1)
        object.removeValue(forKey: "k0")
        object.removeValue(forKey: "k\(size / 2)")
        for index in 1..<size where index != size / 2 {
            #expect(object["k\(index)"]?.intValue == index)
            #expect(object.position(of: "k\(index)") == object.keys.firstIndex(of: "k\(index)"))
        }
        object["new"] = true
        #expect(object.keys.last == "new")
        #expect(object["new"] == true)
    }
}
