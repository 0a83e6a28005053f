import SluiceTestSupport
import Testing

@testable import SluiceJSON

@Suite("JSON Schema combinators")
struct JSONSchemaCombinatorTests {
    static let blockSchema = ##"""
        {
          "type": "object",
          "required": ["blocks"],
          "properties": {
            "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}}
          },
          "$defs": {
            "block": {"oneOf": [{"$ref": "#/$defs/power"}, {"$ref": "#/$defs/easy"}]},
            "power": {
              "type": "object",
              "required": ["type", "level"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "power"},
                "level": {"type": "integer", "minimum": 1}
              }
            },
            "easy": {
              "type": "object",
              "required": ["type", "speed"],
              "additionalProperties": false,
              "properties": {
                "type": {"const": "easy"},
                "speed": {"type": "string"}
              }
            }
          }
        }
        """##

    static let oneOfCases: [SchemaCase] = [
        SchemaCase(
            "valid blocks", blockSchema,
            #"{"blocks": [{"type": "power", "level": 2}, {"type": "easy", "speed": "fast"}]}"#),
        SchemaCase(
            "discriminator picks the branch", blockSchema,
            #"{"blocks": [{"type": "easy", "speed": "x"}, {"type": "power", "level": 0}]}"#,
            ["/blocks/1/level: must be at least 1"]),
        SchemaCase(
            "discriminator wins over the branch with fewer violations", blockSchema,
            #"{"blocks": [{"type": "power", "speed": "fast"}]}"#,
            [#"/blocks/0: missing required field "level""#, #"/blocks/0/speed: unknown field "speed""#]),
        SchemaCase(
            "no discriminator match, tie", blockSchema,
            #"{"blocks": [{"type": "other"}]}"#,
            ["/blocks/0: does not match any allowed shape"]),
        SchemaCase(
            "no discriminator, fewest violations", blockSchema,
            #"{"blocks": [{"speed": "fast"}]}"#,
            [#"/blocks/0: missing required field "type""#]),
        SchemaCase(
            "wrong type for every branch", blockSchema,
            #"{"blocks": ["power"]}"#,
            ["/blocks/0: expected object, found string"]),
        SchemaCase(
            "matches several", #"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#, "5",
            ["/: matches more than one allowed shape"]),
        SchemaCase(
            "enum discriminator",
            #"""
            {"oneOf": [
              {"properties": {"kind": {"enum": ["a", "b"]}, "x": {"type": "string"}}},
              {"properties": {"kind": {"enum": ["c"]}, "x": {"type": "integer"}}}
            ]}
            """#, #"{"kind": "c", "x": "s"}"#, ["/x: expected integer, found string"]),
    ]

    @Test("oneOf", arguments: oneOfCases)
    func oneOf(_ testCase: SchemaCase) throws {
        #expect(try testCase.run() == testCase.expected)
    }

    static let anyOfAndConditionals: [SchemaCase] = [
        SchemaCase("anyOf passes", #"{"anyOf": [{"type": "string"}, {"minimum": 3}]}"#, "4"),
        SchemaCase(
            "anyOf type union", #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, "5",
            ["/: expected string or null, found number"]),
        SchemaCase(
            "anyOf fewest", #"{"anyOf": [{"type": "string", "minLength": 5, "pattern": "^x"}, {"type": "string", "maxLength": 1}]}"#,
            #""abc""#, ["/: must be at most 1 character"]),
        SchemaCase(
            "anyOf identical failures", #"{"anyOf": [{"required": ["a"]}, {"required": ["a"], "minProperties": 0}]}"#,
            "{}", [#"/: missing required field "a""#]),
        SchemaCase(
            "if/then",
            #"""
            {"if": {"properties": {"kind": {"const": "file"}}}, "then": {"required": ["path"]}, "else": {"required": ["url"]}}
            """#, #"{"kind": "file"}"#, [#"/: missing required field "path""#]),
        SchemaCase(
            "if/else",
            #"""
            {"if": {"properties": {"kind": {"const": "file"}}}, "then": {"required": ["path"]}, "else": {"required": ["url"]}}
            """#, #"{"kind": "web"}"#, [#"/: missing required field "url""#]),
        SchemaCase("if is silent", #"{"if": {"required": ["x"], "type": "string"}}"#, "{}"),
        SchemaCase("if without else", #"{"if": {"required": ["x"]}, "then": {"required": ["y"]}}"#, "{}"),
    ]

    @Test("anyOf and if/then/else", arguments: anyOfAndConditionals)
    func anyOfAndIf(_ testCase: SchemaCase) throws {
        #expect(try testCase.run() == testCase.expected)
    }

    @Test("a self-referencing schema does not loop forever")
    func refCycle() throws {
        let validator = JSONSchemaValidator(schema: try json(##"{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        let violations = validator.validate(1)
        #expect(violations == [JSONSchemaViolation(pointer: .root, message: "schema nests too deeply (recursive $ref?)")])
    }
}
