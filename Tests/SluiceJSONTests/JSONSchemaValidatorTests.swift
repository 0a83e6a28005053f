import SluiceTestSupport
import Testing

@testable import SluiceJSON

/// One schema, one instance and the violations expected as `pointer: message` lines.
struct SchemaCase: Sendable, CustomTestStringConvertible {
    let name: String
    let schema: String
    let instance: String
    let expected: [String]
    var testDescription: String { name }

    init(_ name: String, _ schema: String, _ instance: String, _ expected: [String] = []) {
        self.name = name
        self.schema = schema
        self.instance = instance
        self.expected = expected
    }

    func run() throws -> [String] {
        let validator = JSONSchemaValidator(schema: try json(schema))
        return validator.validate(try json(instance)).map(\.description)
    }
}

@Suite("JSON Schema keywords")
struct JSONSchemaValidatorTests {
    static let cases: [SchemaCase] = [
        SchemaCase("type ok", #"{"type": "string"}"#, #""x""#),
        SchemaCase("type mismatch", #"{"type": "string"}"#, "5", ["/: expected string, found number"]),
        SchemaCase("type list", #"{"type": ["string", "null"]}"#, "true", ["/: expected string or null, found boolean"]),
        SchemaCase("integer accepts 1.0", #"{"type": "integer"}"#, "1.0"),
        SchemaCase("integer rejects 1.5", #"{"type": "integer"}"#, "1.5", ["/: expected integer, found 1.5"]),
        SchemaCase("enum", #"{"enum": ["power", "easy"]}"#, #""hard""#, [#"/: must be one of "power", "easy""#]),
        SchemaCase("enum numeric equality", #"{"enum": [1, 2]}"#, "2.0"),
        SchemaCase("const", #"{"const": {"a": [1]}}"#, #"{"a": [2]}"#, [#"/: must be {"a":[1]}"#]),
        SchemaCase("const ok", #"{"const": 3}"#, "3.0"),
        SchemaCase("minLength 1", #"{"minLength": 1}"#, #""""#, ["/: must not be empty"]),
        SchemaCase("minLength 3", #"{"minLength": 3}"#, #""ab""#, ["/: must be at least 3 characters"]),
        SchemaCase("maxLength", #"{"maxLength": 1}"#, #""ab""#, ["/: must be at most 1 character"]),
        SchemaCase("length counts characters", #"{"maxLength": 2}"#, #""é👩‍👩‍👧""#),
        SchemaCase("pattern", #"{"pattern": "^[a-z]+$"}"#, #""Abc""#, ["/: must match pattern ^[a-z]+$"]),
        SchemaCase("pattern is unanchored", #"{"pattern": "b"}"#, #""abc""#),
        SchemaCase("invalid pattern", #"{"pattern": "("}"#, #""x""#, ["/: schema pattern ( is not a valid regular expression"]),
        SchemaCase("format uri ok", #"{"format": "uri"}"#, #""https://example.com/a?b=1""#),
        SchemaCase(
            "format uri relative", #"{"format": "uri"}"#, #""example.com/path""#,
            ["/: must be an absolute uri such as https://example.com/path"]),
        SchemaCase(
            "format uri spaces", #"{"format": "uri"}"#, #""http://a b""#,
            ["/: must be an absolute uri such as https://example.com/path"]),
        SchemaCase("other formats ignored", #"{"format": "email"}"#, #""nope""#),
        SchemaCase("minimum", #"{"minimum": 1}"#, "0", ["/: must be at least 1"]),
        SchemaCase("maximum", #"{"maximum": 10}"#, "10.5", ["/: must be at most 10"]),
        SchemaCase("exclusiveMinimum", #"{"exclusiveMinimum": 0}"#, "0", ["/: must be greater than 0"]),
        SchemaCase("exclusiveMaximum", #"{"exclusiveMaximum": 100}"#, "100", ["/: must be less than 100"]),
        SchemaCase("multipleOf", #"{"multipleOf": 5}"#, "7", ["/: must be a multiple of 5"]),
        SchemaCase("minItems", #"{"minItems": 1}"#, "[]", ["/: must have at least 1 item"]),
        SchemaCase("maxItems", #"{"maxItems": 2}"#, "[1, 2, 3]", ["/: must have at most 2 items"]),
        SchemaCase(
            "uniqueItems", #"{"uniqueItems": true}"#, #"[1, "a", 1.0, {"x": 1}, {"x": 1}]"#,
            ["/2: duplicate of item 0; items must be unique", "/4: duplicate of item 3; items must be unique"]),
        SchemaCase(
            "items", #"{"items": {"type": "string"}}"#, #"["a", 1, "b", true]"#,
            ["/1: expected string, found number", "/3: expected string, found boolean"]),
        SchemaCase(
            "prefixItems", #"{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}"#,
            #"[1, 2, "x"]"#, ["/0: expected string, found number", "/2: expected integer, found string"]),
        SchemaCase(
            "items as a tuple, then additionalItems", #"{"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}"#,
            #"["a", "b", 3]"#, ["/1: expected integer, found string", "/2: is not allowed"]),
        SchemaCase("items false", #"{"prefixItems": [true], "items": false}"#, #"[1, 2]"#, ["/1: is not allowed"]),
        SchemaCase("contains", #"{"contains": {"const": "x"}}"#, #"["a"]"#, ["/: must contain at least one matching item"]),
        SchemaCase("required", #"{"required": ["name", "id"]}"#, #"{"id": 1}"#, [#"/: missing required field "name""#]),
        SchemaCase(
            "unknown field", #"{"properties": {"color": {}}, "additionalProperties": false}"#,
            #"{"color": 1, "colour": 2}"#, [#"/colour: unknown field "colour""#]),
        SchemaCase(
            "additionalProperties schema", #"{"additionalProperties": {"type": "integer"}}"#,
            #"{"a": 1, "b": "x"}"#, ["/b: expected integer, found string"]),
        SchemaCase(
            "patternProperties",
            #"{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false}"#,
            #"{"x-note": "ok", "x-bad": 1, "other": 1}"#,
            ["/x-bad: expected string, found number", #"/other: unknown field "other""#]),
        SchemaCase(
            "propertyNames", #"{"propertyNames": {"pattern": "^[a-z]+$"}}"#, #"{"ok": 1, "Bad": 2}"#,
            [#"/Bad: invalid field name "Bad": must match pattern ^[a-z]+$"#]),
        SchemaCase("minProperties", #"{"minProperties": 1}"#, "{}", ["/: must have at least 1 field"]),
        SchemaCase("maxProperties", #"{"maxProperties": 1}"#, #"{"a": 1, "b": 2}"#, ["/: must have at most 1 field"]),
        SchemaCase(
            "dependentRequired", #"{"dependentRequired": {"user": ["password"]}}"#, #"{"user": "x"}"#,
            [#"/: missing field "password", required when "user" is present"#]),
        SchemaCase("false schema", #"{"properties": {"legacy": false}}"#, #"{"legacy": 1}"#, ["/legacy: is not allowed"]),
        SchemaCase("true schema", "true", #"{"anything": [1]}"#),
        SchemaCase(
            "annotations ignored",
            #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t", "description": "d", "default": 1, "examples": [1], "markdownDescription": "m", "deprecated": true}"#,
            #"{"any": "thing"}"#),
        SchemaCase(
            "$ref to $defs", ##"{"$defs": {"name": {"type": "string", "minLength": 1}}, "properties": {"n": {"$ref": "#/$defs/name"}}}"##,
            #"{"n": ""}"#, ["/n: must not be empty"]),
        SchemaCase(
            "$ref to definitions", ##"{"definitions": {"id": {"type": "integer"}}, "items": {"$ref": "#/definitions/id"}}"##,
            #"[1, "2"]"#, ["/1: expected integer, found string"]),
        SchemaCase(
            "recursive $ref", ##"{"properties": {"child": {"$ref": "#"}, "v": {"type": "integer"}}}"##,
            #"{"child": {"child": {"v": "deep"}}}"#, ["/child/child/v: expected integer, found string"]),
        SchemaCase("unresolvable $ref", ##"{"$ref": "#/$defs/missing"}"##, "1", ["/: schema reference #/$defs/missing cannot be resolved"]),
        SchemaCase(
            "allOf", #"{"allOf": [{"minimum": 5}, {"multipleOf": 2}]}"#, "3",
            ["/: must be at least 5", "/: must be a multiple of 2"]),
        SchemaCase("not", #"{"not": {"type": "null"}}"#, "null", ["/: matches a shape that is not allowed here"]),
        SchemaCase("not ok", #"{"not": {"type": "null"}}"#, "1"),
    ]

    @Test("each keyword", arguments: cases)
    func keyword(_ testCase: SchemaCase) throws {
        #expect(try testCase.run() == testCase.expected)
    }

    @Test("violations come in document order, not schema order")
    func documentOrder() throws {
        let schema = try json(
            #"""
            {"required": ["id"], "properties": {"a": {"type": "integer"}, "b": {"type": "string"},
             "list": {"items": {"type": "integer"}}}}
            """#)
        let instance = try json(#"{"list": [1, "x", 3, "y"], "b": 1, "a": "x"}"#)
        let messages = JSONSchemaValidator(schema: schema).validate(instance).map(\.description)
        #expect(
            messages == [
                #"/: missing required field "id""#,
                "/list/1: expected integer, found string",
                "/list/3: expected integer, found string",
                "/b: expected string, found number",
                "/a: expected integer, found string",
            ])
    }

    @Test("a valid document has no violations and the validator is reusable")
    func valid() throws {
        let validator = JSONSchemaValidator(schema: try json(#"{"type": "object", "properties": {"n": {"pattern": "^a"}}}"#))
        #expect(validator.validate(try json(#"{"n": "abc"}"#)).isEmpty)
        #expect(validator.isValid(try json(#"{"n": "abc"}"#)))
        #expect(!validator.isValid(try json(#"{"n": "bc"}"#)))
        #expect(
            validator.validate(try json(#"{"n": "bc"}"#)) == [
                JSONSchemaViolation(pointer: "/n", message: "must match pattern ^a")
            ])
    }

    @Test("one validator can be shared across concurrent tasks")
    func concurrentUse() async throws {
        let validator = JSONSchemaValidator(schema: try json(#"{"items": {"pattern": "^[a-z]+$"}}"#))
        let instance = try json(#"["ok", "NO", "fine", "B4D"]"#)
        let expected = validator.validate(instance)
        #expect(expected.map(\.pointer) == ["/1", "/3"])
        let results = await withTaskGroup(of: [JSONSchemaViolation].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<50).map { _ in validator.validate(instance) }.last ?? [] }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }
}
