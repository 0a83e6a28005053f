import SluiceJSON

private typealias S = SchemaBuilder

/// The JSON Schema of every document kind, generated from the block and app catalogs so they never drift.
public enum DocumentSchemas {
    /// The schema of one kind.
    public static func schema(for kind: DocumentKind) -> JSONValue {
        switch kind {
        case .manifest: manifest
        case .flow: flow
        case .flowSecrets: flowSecrets
        case .environmentVariables: environmentVariables
        case .connection: connection
        case .notification: notification
        case .transformation: transformation
        }
    }

    /// Ids of documents and blocks: letters, digits, `_` and `-`.
    public static let idPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
    /// Environment (branch) names.
    public static let environmentPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"
    /// Encrypted values.
    public static let encryptedPattern = "^enc:v1:[A-Za-z0-9]+:[A-Za-z0-9+/=_-]+$"

    private static func header(_ kind: DocumentKind) -> [(String, JSONValue)] {
        [
            ("$schema", S.string("Where editors find this schema.")),
            ("kind", ["const": .string(kind.rawValue)]),
            ("id", S.string("Stable id, generated once; references use it.", pattern: idPattern)),
            ("schemaVersion", ["const": 1]),
        ]
    }

    static func document(
        _ kind: DocumentKind, title: String, _ properties: KeyValuePairs<String, JSONValue>, required: [String],
        defs: JSONObject = JSONObject(), extra: [(String, JSONValue)] = []
    ) -> JSONValue {
        var props = JSONObject(header(kind))
        for (key, value) in properties { props[key] = value }
        var schema = JSONObject()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = .string("https://sluice.dev/schemas/\(kind.schemaFileName)")
        schema["title"] = .string(title)
        schema["type"] = "object"
        schema["properties"] = .object(props)
        schema["required"] = .array((["kind", "id", "schemaVersion"] + required).map(JSONValue.string))
        schema["additionalProperties"] = false
        for (key, value) in extra { schema[key] = value }
        if !defs.isEmpty { schema["$defs"] = .object(defs) }
        return .object(schema)
    }

    static let manifest = document(
        .manifest, title: "Sluice environment manifest",
        [
            "environment": S.string("The product environment (branch) name.", pattern: environmentPattern),
            "billingCycleDay": S.integer("Day of the month a billing cycle starts.", minimum: 1, maximum: 28),
            "outboundRequests": S.oneOfStrings(
                OutboundRequests.allCases.map(\.rawValue),
                "Where HTTP blocks and error notifications may connect: `any` (the default) or `public-only` (no loopback, private or link-local addresses)."
            ),
            "deliveryBaseURL": S.string(
                "The base of delivery URLs (Create Asset URL, `sluice assets url`): where `sluice serve` is reached. `http://localhost:8080` when absent.",
                pattern: "^https?://[^\\s?#]+$", format: "uri"),
        ], required: ["environment", "billingCycleDay"])

    static let transformation = document(
        .transformation, title: "Sluice named transformation",
        [
            "transformation": S.string(
                "The transformation in Cloudinary's syntax, e.g. `c_fill,g_auto,w_400,h_300/f_webp`; used elsewhere as `t_<file name>`.",
                minLength: 1),
            "description": S.string("What it is for."),
        ], required: ["transformation"])

    static let flowSecrets = document(
        .flowSecrets, title: "Sluice flow secrets",
        [
            "flow": S.string("The id of the flow these secrets belong to.", pattern: idPattern),
            "secrets": S.map(
                of: S.string("An encrypted value; set it with `sluice flows secrets FLOW set KEY`.", pattern: encryptedPattern),
                keyPattern: S.keyPattern),
        ], required: ["flow", "secrets"])

    static let environmentVariables = document(
        .environmentVariables, title: "Sluice environment variables",
        [
            "variables": S.map(of: variableValue, "Readable by every flow as {{env.KEY}}.", keyPattern: S.keyPattern)
        ], required: ["variables"])

    static let variableValue: JSONValue = ["type": .array(["string", "number", "boolean", "null", "array", "object"])]

    static var connection: JSONValue {
        let perApp: [JSONValue] = AppCatalog.all.map { app in
            var settings: [(String, JSONValue)] = []
            var credentials: [(String, JSONValue)] = []
            for field in app.fields {
                if field.secret {
                    credentials.append((field.key, S.string(field.label, pattern: encryptedPattern)))
                } else {
                    let schema: JSONValue =
                        switch field.kind {
                        case .integer: S.integer(field.label, minimum: 0, maximum: 65_535)
                        case .url: S.string(field.label, format: "uri")
                        case .choice: S.oneOfStrings(field.choices, field.label)
                        case .string: S.string(field.label)
                        }
                    settings.append((field.key, schema))
                }
            }
            let required = app.fields.filter { $0.required && !$0.secret }.map { JSONValue.string($0.key) }
            var settingsSchema: JSONObject = ["type": "object", "properties": .object(JSONObject(settings)), "additionalProperties": false]
            if !required.isEmpty { settingsSchema["required"] = .array(required) }
            let credentialsSchema: JSONObject = ["type": "object", "properties": .object(JSONObject(credentials)), "additionalProperties": false]
            return [
                "if": ["properties": ["app": ["const": .string(app.id)]], "required": ["app"]],
                "then": ["properties": ["settings": .object(settingsSchema), "credentials": .object(credentialsSchema)]],
            ]
        }
        return document(
            .connection, title: "Sluice connection",
            [
                "app": S.oneOfStrings(AppCatalog.all.map(\.id), "The app (see `sluice apps`)."),
                "name": S.string("Display name of the account.", minLength: 1),
                "enabled": S.boolean(),
                "settings": S.map(of: S.any(), "Credential fields that are not secret."),
                "credentials": S.map(of: S.string(pattern: encryptedPattern), "Secret credential fields, encrypted."),
            ], required: ["app", "name", "enabled", "settings", "credentials"], extra: [("allOf", .array(perApp))])
    }

    static let notification = document(
        .notification, title: "Sluice notification",
        [
            "flow": S.string(pattern: idPattern),
            "block": S.string(pattern: idPattern),
            "title": S.string(minLength: 1),
            "description": S.string(),
            "recipients": S.array(of: S.string(minLength: 1)),
            "assets": S.array(
                of: S.object(
                    [
                        "id": S.string(minLength: 1),
                        "publicId": S.string(minLength: 1),
                        "message": S.string(),
                        "thumbnail": S.string(),
                        "addedAt": S.string(format: "date-time"),
                        "viewedBy": S.map(of: S.string(format: "date-time")),
                    ], required: ["id", "publicId", "addedAt", "viewedBy"])),
            "readBy": S.map(of: S.string(format: "date-time")),
        ], required: ["flow", "block", "title", "recipients", "assets", "readBy"])
}
