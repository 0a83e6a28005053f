import SluiceTestSupport
import Testing

@testable import SluiceJSON

@Suite("JSONValue")
struct JSONValueTests {
    @Test("accessors return values only for the matching case")
    func accessors() {
        let value: JSONValue = ["s": "text", "b": true, "i": 7, "d": 2.5, "a": [1], "o": ["k": nil], "n": nil]
        #expect(value["s"]?.stringValue == "text")
        #expect(value["b"]?.boolValue == true)
        #expect(value["i"]?.intValue == 7)
        #expect(value["d"]?.doubleValue == 2.5)
        #expect(value["d"]?.intValue == nil)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue?.keys == ["k"])
        #expect(value["n"]?.isNull == true)
        #expect(value["s"]?.intValue == nil)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(value["a"]?[0] == 1)
        #expect(value["a"]?[1] == nil)
    }

    @Test(
        "type names",
        arguments: [
            (JSONValue.null, "null"), (true, "boolean"), (1, "number"), ("s", "string"), ([], "array"), ([:], "object"),
        ] as [(JSONValue, String)])
    func typeNames(value: JSONValue, name: String) {
        #expect(value.typeName == name)
    }

    @Test("value(at:) follows objects and arrays")
    func valueAtPointer() throws {
        let value = try json(#"{"blocks": [{"name": "a"}, {"name": "b", "x/y": 1}], "": 0}"#)
        #expect(value.value(at: "/blocks/1/name") == "b")
        #expect(value.value(at: "/blocks/1/x~1y") == 1)
        #expect(value.value(at: .root) == value)
        #expect(value.value(at: JSONPointer(tokens: [""])) == 0)
        #expect(value.value(at: "/blocks/2") == nil)
        #expect(value.value(at: "/blocks/01") == nil)
        #expect(value.value(at: "/blocks/-") == nil)
        #expect(value.value(at: "/blocks/0/name/x") == nil)
    }

    @Test("set(_:at:) replaces, appends and creates intermediate objects")
    func setAtPointer() throws {
        var value = try json(#"{"b": 1, "list": [10, 20]}"#)
        try value.set("new", at: "/a/deep/key")
        try value.set(2, at: "/b")
        try value.set(30, at: "/list/-")
        try value.set(40, at: "/list/3")
        try value.set(15, at: "/list/0")
        try value.set(["x": 1], at: "/list/4/inner")
        #expect(value == (try json(#"{"b": 2, "list": [15, 20, 30, 40, {"inner": {"x": 1}}], "a": {"deep": {"key": "new"}}}"#)))
        #expect(value.objectValue?.keys == ["b", "list", "a"])
        try value.set("root", at: .root)
        #expect(value == "root")
    }

    @Test(
        "set(_:at:) throws on impossible paths and leaves the value unchanged",
        arguments: [
            ("/b/x", "cannot set /b/x: the value at /b is a number"),
            ("/list/5", "cannot set /list/5: index 5 is past the end of the array at /list"),
            ("/list/name", #"cannot set /list/name: "name" is not an index into the array at /list"#),
            ("/list/0/x", "cannot set /list/0/x: the value at /list/0 is a number"),
        ])
    func setFailures(pointer: String, message: String) throws {
        var value = try json(#"{"b": 1, "list": [10, 20]}"#)
        let original = value
        #expect(throws: JSONPointerError(message: message)) {
            try value.set(true, at: JSONPointer(parsing: pointer))
        }
        #expect(value == original)
    }

    @Test("removeValue(at:) removes members and elements")
    func removeAtPointer() throws {
        var value = try json(#"{"a": {"x": 1, "y": 2}, "list": [1, 2, 3]}"#)
        #expect(value.removeValue(at: "/a/x") == 1)
        #expect(value.removeValue(at: "/list/0") == 1)
        #expect(value.removeValue(at: "/list/9") == nil)
        #expect(value.removeValue(at: .root) == nil)
        #expect(value == (try json(#"{"a": {"y": 2}, "list": [2, 3]}"#)))
    }

    @Test("literals build the expected cases")
    func literals() {
        let value: JSONValue = [nil, true, 1, 1.5, "s", [], [:]]
        #expect(
            value
                == .array([
                    .null, .bool(true), .number(JSONNumber(1)), .number(JSONNumber(1.5)),
                    .string("s"), .array([]), .object(JSONObject()),
                ]))
        #expect(value.description == #"[null,true,1,1.5,"s",[],{}]"#)
    }
}
