import SluiceJSON

private typealias S = SchemaBuilder

extension DocumentSchemas {
    static var flow: JSONValue { flow(configRules: true) }

    /// The flow schema; without `configRules` block configs are only checked to be objects, for a
    /// validator that checks each config against its block type's schema directly (much faster).
    static func flow(configRules: Bool) -> JSONValue {
        var defs = JSONObject()
        defs["block"] = blockSchema(types: BlockCatalog.all, withPorts: true, configRules: configRules)
        defs["action"] = blockSchema(types: BlockCatalog.all.filter { !$0.isTrigger }, withPorts: false, configRules: configRules)
        defs["trigger"] = triggerSchema(configRules: configRules)
        defs["conditions"] = BlockCatalog.conditionGroupSchema
        let byType: JSONValue = [
            "if": ["properties": ["type": ["const": "easy"]], "required": ["type"]],
            "then": [
                "required": ["trigger", "actions"],
                "not": ["required": ["blocks"]],
            ],
            "else": [
                "required": ["blocks"],
                "not": ["anyOf": [["required": ["trigger"]], ["required": ["conditions"]], ["required": ["actions"]]]],
            ],
        ]
        return document(
            .flow, title: "Sluice flow",
            [
                "name": S.string("Display name.", minLength: 1),
                "description": S.string(),
                "type": S.oneOfStrings(["power", "easy"], "`power`: a graph of blocks; `easy`: trigger, conditions, actions."),
                "enabled": S.boolean("Only enabled flows run from their trigger."),
                "favorite": S.boolean(),
                "errorNotification": S.object(
                    [
                        "url": S.string(
                            "Receives a JSON POST when a run fails (http or https).", pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]+", format: "uri")
                    ],
                    required: ["url"]),
                "source": S.object(
                    [
                        "remote": S.string(), "environment": S.string(), "flow": S.string(), "commit": S.string(),
                    ], required: ["remote", "environment", "flow"], description: "Where an imported flow came from."),
                "variables": S.map(of: variableValue, "Flow variables, read as {{vars.KEY}}.", keyPattern: S.keyPattern),
                "blocks": S.array(of: S.ref("block"), "The graph of a power flow, exactly one trigger block included."),
                "trigger": S.ref("trigger"),
                "conditions": S.ref("conditions"),
                "actions": S.array(of: S.ref("action"), "The actions of an easy flow, run in order."),
            ], required: ["name", "type", "enabled", "favorite"], defs: defs, extra: [("allOf", [byType])])
    }

    private static func configRules(_ types: [BlockType]) -> JSONValue {
        .array(
            types.map { type in
                [
                    "if": ["properties": ["type": ["const": .string(type.id)]], "required": ["type"]],
                    "then": ["properties": ["config": type.configSchema]],
                ]
            })
    }

    private static func blockSchema(types: [BlockType], withPorts: Bool, configRules withRules: Bool) -> JSONValue {
        let targets = S.array(of: S.string(pattern: idPattern), "Ids of the blocks that run next.", unique: true)
        var properties: [(String, JSONValue)] = [
            ("id", S.string("Unique within the flow; {{blocks.<id>.output}} refers to it.", pattern: idPattern)),
            ("type", S.oneOfStrings(types.map(\.id), "The block type (see `sluice blocks`).")),
            ("name", S.string(minLength: 1)),
            ("connection", S.string("The id of the connection (app account) this block uses.", pattern: idPattern)),
            ("config", ["type": "object"]),
        ]
        if withPorts {
            for port in Port.allCases { properties.append((port.rawValue, targets)) }
        }
        properties.append(("timeoutSeconds", S.number("Seconds before the block fails (at most 30 days).", minimum: 0, maximum: S.longestWait)))
        properties.append(
            (
                "retry",
                S.object(
                    [
                        "attempts": S.integer(minimum: 1, maximum: 20),
                        "backoffSeconds": S.number(
                            "Seconds before the first retry, doubled for each next one (at most a day).", minimum: 0, maximum: 86_400),
                    ], required: ["attempts"])
            ))
        var schema: JSONObject = [
            "type": "object",
            "properties": .object(JSONObject(properties)),
            "required": ["id", "type", "name", "config"],
            "additionalProperties": false,
        ]
        if withRules { schema["allOf"] = configRules(types) }
        return .object(schema)
    }

    private static func triggerSchema(configRules withRules: Bool) -> JSONValue {
        let triggers = BlockCatalog.all.filter(\.isTrigger)
        var schema: JSONObject = [
            "type": "object",
            "properties": [
                "type": S.oneOfStrings(triggers.map(\.id), "The trigger type."),
                "config": ["type": "object"],
            ],
            "required": ["type", "config"],
            "additionalProperties": false,
        ]
        if withRules { schema["allOf"] = configRules(triggers) }
        return .object(schema)
    }
}
