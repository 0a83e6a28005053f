/// One schema of a validator, its keywords read once into typed fields, so that validating a value costs no look-up of
/// keywords the schema does not have.
final class JSONSchemaNode: Sendable {
    /// How the schema treats every value before its keywords.
    enum Shape: Sendable {
        /// `false`: nothing is allowed.
        case rejectsAll
        /// `true`, or anything that is not an object: everything is allowed.
        case acceptsAll
        /// An object of keywords.
        case keywords
    }

    /// The discriminator condition `{"properties": {"type": {"const": X}}, "required": ["type"]}`, evaluated directly.
    struct ConstantCondition: Sendable {
        var required: [String]
        var constants: [(name: String, value: JSONValue)]
    }

    /// The schema as written, for the messages that quote it and for the rare paths that look into branches.
    let source: JSONValue
    let shape: Shape

    let reference: String?
    /// The names `type` lists; empty when there is no `type`.
    let typeNames: [String]
    let allowed: [JSONValue]?
    let constant: JSONValue?

    let minLength: Int?
    let maxLength: Int?
    let pattern: String?
    let isURI: Bool

    let minimum: JSONNumber?
    let maximum: JSONNumber?
    let exclusiveMinimum: JSONNumber?
    let exclusiveMaximum: JSONNumber?
    let multipleOf: JSONNumber?

    let minItems: Int?
    let maxItems: Int?
    let uniqueItems: Bool
    /// `prefixItems`, or the tuple form of `items`.
    let prefixItems: [JSONSchemaNode]
    /// `items`, or `additionalItems` after a tuple form of `items`.
    let items: JSONSchemaNode?
    let contains: JSONSchemaNode?

    let required: [String]
    let dependentRequired: [(trigger: String, names: [String])]
    let minProperties: Int?
    let maxProperties: Int?
    let properties: [String: JSONSchemaNode]?
    let patternProperties: [(pattern: String, schema: JSONSchemaNode)]
    let additionalProperties: JSONSchemaNode?
    let propertyNames: JSONSchemaNode?

    let allOf: [JSONSchemaNode]
    let anyOf: [JSONSchemaNode]
    let oneOf: [JSONSchemaNode]
    let not: JSONSchemaNode?
    let condition: JSONSchemaNode?
    let constantCondition: ConstantCondition?
    let then: JSONSchemaNode?
    let otherwise: JSONSchemaNode?

    /// Whether the schema checks anything specific to objects, arrays, strings or numbers.
    let checksObjects: Bool
    let checksArrays: Bool
    let checksStrings: Bool
    let checksNumbers: Bool
    let hasCombinators: Bool

    init(_ source: JSONValue) {
        self.source = source
        let keywords: JSONObject
        switch source {
        case .bool(false): (shape, keywords) = (.rejectsAll, [:])
        case .object(let object): (shape, keywords) = (.keywords, object)
        default: (shape, keywords) = (.acceptsAll, [:])
        }
        func node(_ name: String) -> JSONSchemaNode? { keywords[name].map(JSONSchemaNode.init) }
        func nodes(_ name: String) -> [JSONSchemaNode] { keywords[name]?.arrayValue?.map(JSONSchemaNode.init) ?? [] }

        reference = keywords["$ref"]?.stringValue
        typeNames = keywords["type"].map(JSONSchemaValidator.typeNames) ?? []
        allowed = keywords["enum"]?.arrayValue
        constant = keywords["const"]

        minLength = keywords["minLength"]?.intValue
        maxLength = keywords["maxLength"]?.intValue
        pattern = keywords["pattern"]?.stringValue
        isURI = keywords["format"]?.stringValue == "uri"

        minimum = keywords["minimum"]?.numberValue
        maximum = keywords["maximum"]?.numberValue
        exclusiveMinimum = keywords["exclusiveMinimum"]?.numberValue
        exclusiveMaximum = keywords["exclusiveMaximum"]?.numberValue
        multipleOf = keywords["multipleOf"]?.numberValue

        minItems = keywords["minItems"]?.intValue
        maxItems = keywords["maxItems"]?.intValue
        uniqueItems = keywords["uniqueItems"]?.boolValue == true
        if keywords["items"]?.arrayValue != nil {
            prefixItems = nodes("items")
            items = node("additionalItems")
        } else {
            prefixItems = nodes("prefixItems")
            items = node("items")
        }
        contains = node("contains")

        required = keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        dependentRequired = (keywords["dependentRequired"]?.objectValue ?? [:]).map { trigger, names in
            (trigger, names.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        minProperties = keywords["minProperties"]?.intValue
        maxProperties = keywords["maxProperties"]?.intValue
        properties = keywords["properties"]?.objectValue.map { object in
            Dictionary(object.map { ($0.key, JSONSchemaNode($0.value)) }, uniquingKeysWith: { first, _ in first })
        }
        patternProperties = (keywords["patternProperties"]?.objectValue ?? [:]).map { ($0.key, JSONSchemaNode($0.value)) }
        additionalProperties = node("additionalProperties")
        propertyNames = node("propertyNames")

        allOf = nodes("allOf")
        anyOf = nodes("anyOf")
        oneOf = nodes("oneOf")
        not = node("not")
        condition = node("if")
        constantCondition = keywords["if"].flatMap(Self.constantCondition)
        then = node("then")
        otherwise = node("else")

        checksObjects =
            !required.isEmpty || !dependentRequired.isEmpty || minProperties != nil || maxProperties != nil || properties != nil
            || !patternProperties.isEmpty || additionalProperties != nil || propertyNames != nil
        checksArrays = minItems != nil || maxItems != nil || uniqueItems || !prefixItems.isEmpty || items != nil || contains != nil
        checksStrings = minLength != nil || maxLength != nil || pattern != nil || isURI
        checksNumbers = minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil || multipleOf != nil
        hasCombinators = !allOf.isEmpty || !anyOf.isEmpty || !oneOf.isEmpty || not != nil || condition != nil
    }

    /// The discriminator shape of an `if`; nil for any other shape, which goes through the general path.
    private static func constantCondition(_ condition: JSONValue) -> ConstantCondition? {
        guard case .object(let keywords) = condition, let properties = keywords["properties"]?.objectValue else { return nil }
        if keywords.keys.contains(where: { $0 != "properties" && $0 != "required" }) { return nil }
        var constants: [(name: String, value: JSONValue)] = []
        for (name, schema) in properties {
            guard case .object(let propertyKeywords) = schema, propertyKeywords.count == 1, let constant = propertyKeywords["const"] else {
                return nil
            }
            constants.append((name, constant))
        }
        return ConstantCondition(required: keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [], constants: constants)
    }
}
