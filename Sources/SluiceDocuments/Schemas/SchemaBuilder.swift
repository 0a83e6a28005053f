import SluiceJSON

/// Small builders for the JSON Schemas that ship with Sluice (draft 2020-12 keywords).
public enum SchemaBuilder {
    /// An object with the given properties; unknown fields are rejected unless `additional` says otherwise.
    public static func object(
        _ properties: KeyValuePairs<String, JSONValue>,
        required: [String] = [],
        additional: JSONValue = false,
        description: String? = nil
    ) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "object"
        var props = JSONObject()
        for (key, value) in properties { props[key] = value }
        schema["properties"] = .object(props)
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        schema["additionalProperties"] = additional
        return .object(schema)
    }

    /// A string, optionally constrained.
    public static func string(_ description: String? = nil, minLength: Int? = nil, pattern: String? = nil, format: String? = nil) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "string"
        if let minLength { schema["minLength"] = .number(JSONNumber(minLength)) }
        if let pattern { schema["pattern"] = .string(pattern) }
        if let format { schema["format"] = .string(format) }
        return .object(schema)
    }

    /// An integer within optional bounds.
    public static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "integer"
        if let minimum { schema["minimum"] = .number(JSONNumber(minimum)) }
        if let maximum { schema["maximum"] = .number(JSONNumber(maximum)) }
        return .object(schema)
    }

    /// A number within optional bounds.
    /// The longest wait a document may ask for (a delay, a time-out): 30 days.
    public static let longestWait: Double = 86_400 * 30

    public static func number(_ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "number"
        if let minimum { schema["minimum"] = .number(JSONNumber(minimum)) }
        if let maximum { schema["maximum"] = .number(JSONNumber(maximum)) }
        return .object(schema)
    }

    /// A boolean.
    public static func boolean(_ description: String? = nil) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "boolean"
        return .object(schema)
    }

    /// One of the listed strings.
    public static func oneOfStrings(_ values: [String], _ description: String? = nil) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["enum"] = .array(values.map(JSONValue.string))
        return .object(schema)
    }

    /// An array whose items match `items`.
    public static func array(of items: JSONValue, _ description: String? = nil, minItems: Int? = nil, unique: Bool = false) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "array"
        schema["items"] = items
        if let minItems { schema["minItems"] = .number(JSONNumber(minItems)) }
        if unique { schema["uniqueItems"] = true }
        return .object(schema)
    }

    /// An object whose keys are free and whose values match `values`.
    public static func map(of values: JSONValue, _ description: String? = nil, keyPattern: String? = nil) -> JSONValue {
        var schema = JSONObject()
        if let description { schema["description"] = .string(description) }
        schema["type"] = "object"
        if let keyPattern { schema["propertyNames"] = ["pattern": .string(keyPattern)] }
        schema["additionalProperties"] = values
        return .object(schema)
    }

    /// Any JSON value.
    public static func any(_ description: String? = nil) -> JSONValue {
        guard let description else { return .object(JSONObject()) }
        return ["description": .string(description)]
    }

    /// A string that is exactly one dynamic value such as `{{blocks.search.output.assets}}`.
    public static let dynamicValue: JSONValue = [
        "type": "string",
        "pattern": "^\\{\\{[^{}]+\\}\\}$",
        "description": "A dynamic value: {{trigger.…}}, {{blocks.<id>.output.…}}, {{vars.KEY}}, {{env.KEY}} or {{secrets.KEY}}.",
    ]

    /// `schema`, or a whole-field dynamic value that yields it at run time.
    public static func dynamic(_ schema: JSONValue) -> JSONValue {
        if schema["type"]?.stringValue == "string" { return schema }
        var wrapper = JSONObject()
        if let description = schema["description"] { wrapper["description"] = description }
        wrapper["anyOf"] = .array([schema, dynamicValue])
        return .object(wrapper)
    }

    /// A reference into the schema's `$defs`.
    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/\(name)")] }

    /// The pattern keys of variables, secrets and credentials follow.
    public static let keyPattern = "^[A-Za-z_][A-Za-z0-9_-]{0,99}$"
}
