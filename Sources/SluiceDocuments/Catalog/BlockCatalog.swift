import SluiceJSON

private typealias S = SchemaBuilder

/// Every block type Sluice knows, with its config schema (MEDIAFLOWS.md "Blocks").
public enum BlockCatalog {
    /// All block types, triggers first.
    public static let all: [BlockType] = triggers + logic + assets + developer + integrations

    /// Looks a type up by id.
    public static func type(_ id: String) -> BlockType? { byID[id] }

    private static let byID: [String: BlockType] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    private static let asset = S.string("The public id of the asset to act on.", minLength: 1)
    private static let tags = S.dynamic(S.array(of: S.string(minLength: 1), "Tags."))

    static let triggers: [BlockType] = [
        BlockType(
            BlockTypeID.assetUploaded, "On Asset Upload", .trigger, "Runs when an asset that passes the filter is uploaded.",
            config: S.object([
                "resourceTypes": S.array(
                    of: S.oneOfStrings(["image", "video", "raw"]), "Asset types that trigger; all when absent.", minItems: 1, unique: true),
                "tags": S.object(
                    [
                        "operator": S.oneOfStrings(["anyOf", "allOf", "empty", "notEmpty"]),
                        "values": S.array(of: S.string(minLength: 1)),
                    ], required: ["operator"], description: "Tags filter."),
                "metadata": S.map(of: S.any("Required value of a structured metadata field."), "Structured metadata values the asset must have."),
                "folder": S.object(
                    [
                        "path": S.string("Folder path, without leading or trailing '/'."),
                        "includeSubfolders": S.boolean(),
                    ], required: ["path"], description: "Folder filter."),
            ])
        ),
        BlockType(
            BlockTypeID.webhook, "Catch Webhook", .trigger, "Runs when `sluice serve` receives a request on the flow's webhook URL.",
            config: S.object([
                "parameters": S.array(of: S.string(pattern: S.keyPattern), "Request parameters that become {{trigger.data.NAME}}.", unique: true),
                "respond": S.oneOfStrings(
                    ["accepted", "result"],
                    "Answer at once with 202 and the run id (accepted, the default), or wait for the run and answer with its result (Respond to Webhook)."
                ),
                "respondTimeoutSeconds": S.number(
                    "With respond: result, how long the caller waits before the answer is 202 with the run id (default 30).", minimum: 0.1,
                    maximum: 300),
            ])
        ),
        BlockType(
            BlockTypeID.schedule, "Scheduler", .trigger, "Runs on a cron schedule served by `sluice serve`.",
            config: S.object(["cron": cronField, "timezone": timeZoneField, "catchUp": catchUpField], required: ["cron"]),
            syntax: ["cron": .cron, "timezone": .timeZone]
        ),
        BlockType(
            BlockTypeID.scheduledSearch, "On Scheduled Search", .trigger,
            "Runs on a cron schedule served by `sluice serve`, once for each asset a search finds.",
            config: S.object(
                [
                    "cron": cronField, "timezone": timeZoneField, "catchUp": catchUpField,
                    "expression": S.string("Search expression, e.g. `tags:review AND created_at>1d`.", minLength: 1),
                    "maxResults": S.integer(minimum: 1, maximum: 10_000),
                ],
                required: ["cron", "expression"]),
            syntax: ["cron": .cron, "timezone": .timeZone, "expression": .searchExpression]
        ),
        BlockType(
            BlockTypeID.flowCalled, "Triggered by Another Flow", .trigger, "Runs when another flow's Call Flow block calls it.",
            config: S.object([
                "parameters": S.array(of: S.string(pattern: S.keyPattern), "Keys of the data the caller passes.", unique: true)
            ])
        ),
        BlockType(BlockTypeID.manual, "Manual", .trigger, "Runs only from `sluice run`.", config: S.object([:])),
    ]

    /// The config fields of the schedule triggers.
    static let cronField = S.string(
        "Five-field cron expression (e.g. \"0 6 * * 1\"), or @hourly, @daily, @weekly, @monthly, @yearly.", minLength: 1)
    static let timeZoneField = S.string("IANA time zone; UTC when absent.")
    static let catchUpField = S.oneOfStrings(
        ["skip", "once", "each"], "Times missed while `sluice serve` was stopped: skip them, run once for the latest (the default), or run each.")

    static let logic: [BlockType] = [
        BlockType(
            BlockTypeID.ifCondition, "If Condition", .logic, "Continues on `then` when the conditions hold, else on `else`.",
            config: conditionGroupSchema, ports: [.then, .else, .onError]
        ),
        BlockType(
            BlockTypeID.applyOnEach, "Apply on Each", .logic, "Runs the `each` branch once per item, then `next`.",
            config: S.object(["items": S.dynamic(S.array(of: S.any(), "The items to loop over."))], required: ["items"]),
            ports: [.each, .next, .onError]
        ),
        BlockType(
            BlockTypeID.callFlow, "Trigger Another Flow", .logic, "Calls another flow with an asset and key-value data.",
            config: S.object(
                [
                    "flow": S.string("The id of the flow to call.", minLength: 1),
                    "asset": asset,
                    "data": S.map(of: S.any(), "Key-value data for the called flow.", keyPattern: S.keyPattern),
                    "wait": S.boolean("Wait for the called flow to finish."),
                ], required: ["flow"])
        ),
        BlockType(
            BlockTypeID.delay, "Delay", .logic, "Waits before continuing.",
            config: S.object(
                ["seconds": S.dynamic(S.number("Seconds to wait (at most 30 days).", minimum: 0, maximum: S.longestWait))], required: ["seconds"])
        ),
    ]

    static let assets: [BlockType] = [
        BlockType(
            "upload-media", "Upload Media", .asset, "Uploads a file from a URL or a local path into the media library.",
            config: S.object(
                [
                    "source": S.string("An http(s) URL or a file path.", minLength: 1),
                    "publicId": S.string(minLength: 1), "folder": S.string(), "tags": tags,
                ],
                required: ["source"])),
        BlockType(
            "asset-info", "Get Asset Information", .asset, "Outputs an asset's catalog record.",
            config: S.object(["asset": asset], required: ["asset"])),
        BlockType(
            "update-tags", "Update Tags", .asset, "Adds, removes or replaces an asset's tags.",
            config: S.object(
                ["asset": asset, "operation": S.oneOfStrings(["add", "remove", "replace"]), "tags": tags],
                required: ["asset", "operation", "tags"])),
        BlockType(
            "update-structured-metadata", "Update Structured Metadata", .asset, "Sets structured metadata fields.",
            config: S.object(
                ["asset": asset, "values": S.map(of: S.any(), "Field → value; null clears a field.")],
                required: ["asset", "values"])),
        BlockType(
            "update-contextual-metadata", "Update Contextual Metadata", .asset, "Sets or removes contextual metadata.",
            config: S.object(
                [
                    "asset": asset, "operation": S.oneOfStrings(["set", "remove"]),
                    "values": S.map(of: S.any(), "Key → value (values are ignored on remove)."),
                ],
                required: ["asset", "values"])),
        BlockType(
            "move-to-folder", "Move to Folder", .asset, "Moves an asset to another folder.",
            config: S.object(["asset": asset, "folder": S.string("Destination folder; \"\" is the root.")], required: ["asset", "folder"])),
        BlockType(
            "change-public-id", "Change Public ID", .asset, "Renames an asset.",
            config: S.object(
                ["asset": asset, "publicId": S.string(minLength: 1), "overwrite": S.boolean()],
                required: ["asset", "publicId"])),
        BlockType(
            "duplicate-asset", "Duplicate", .asset, "Copies an asset under a new public id.",
            config: S.object(["asset": asset, "publicId": S.string(minLength: 1), "folder": S.string()], required: ["asset"])),
        BlockType("delete-asset", "Delete", .asset, "Deletes an asset.", config: S.object(["asset": asset], required: ["asset"])),
        BlockType(
            "search-media", "Search Media", .asset, "Searches the media library.",
            config: S.object(
                [
                    "expression": S.string("Search expression, e.g. `tags:cat AND width>1000`."),
                    "maxResults": S.dynamic(S.integer(minimum: 1, maximum: 10_000)),
                    "sortBy": S.string("Field to sort by, e.g. `created_at desc`."),
                ],
                required: ["expression"]),
            syntax: ["expression": .searchExpression]),
        BlockType(
            "relate-assets", "Relate Assets", .asset, "Relates assets to an asset.",
            config: S.object(
                ["asset": asset, "related": S.dynamic(S.array(of: S.string(minLength: 1), minItems: 1))],
                required: ["asset", "related"])),
        BlockType(
            "create-asset-url", "Create Asset URL", .asset, "Builds a delivery URL with a transformation string.",
            config: S.object(
                [
                    "asset": asset, "transformation": S.string("e.g. `c_fill,w_800,h_600`."),
                    "format": S.string("Delivery format, e.g. `webp`."), "baseURL": S.string(format: "uri"),
                ],
                required: ["asset"]),
            syntax: ["transformation": .transformation]),
        BlockType(
            "edit-media", "Edit Media", .asset, "Applies a transformation to an asset.",
            config: S.object(
                [
                    "asset": asset, "transformation": S.string(minLength: 1),
                    "saveAs": S.oneOfStrings(["new", "overwrite"]), "publicId": S.string(minLength: 1),
                ],
                required: ["asset", "transformation"]),
            syntax: ["transformation": .transformation]),
        BlockType(
            "export-metadata-csv", "Export Metadata to CSV", .asset, "Writes the metadata of matching assets to a CSV file.",
            config: S.object(
                [
                    "expression": S.string("Search expression selecting the assets."),
                    "fields": S.array(of: S.string(minLength: 1), minItems: 1),
                    "fileName": S.string(minLength: 1, pattern: "^[^/\\\\]+$"),
                ],
                required: ["expression", "fields", "fileName"]),
            syntax: ["expression": .searchExpression]),
        BlockType(
            "manual-moderation", "Manual Moderation", .asset, "Parks the run until a person approves (`then`) or rejects (`else`).",
            config: S.object(
                ["asset": asset, "instructions": S.string(), "reviewers": S.array(of: S.string(minLength: 1))],
                required: ["asset"]),
            ports: [.then, .else, .next, .onError]),
    ]

    static let developer: [BlockType] = [
        BlockType(
            "http-request", "Send HTTP Request", .developer, "Sends an HTTP request; the connection's credentials are applied.",
            config: S.object(
                [
                    "method": S.oneOfStrings(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
                    "url": S.string("Absolute URL, or a path relative to the connection's base URL.", minLength: 1),
                    "headers": S.map(of: S.string()),
                    "query": S.map(of: S.any()),
                    "body": S.any("JSON body; dynamic values are resolved inside it."),
                    "timeoutSeconds": S.number("Seconds the whole request may take (at most 30 days).", minimum: 0, maximum: S.longestWait),
                ], required: ["method", "url"]),
            app: "http")
    ]

    static let integrations: [BlockType] = [
        BlockType(
            "slack-message", "Slack Message", .integration, "Posts to the connection's incoming webhook.",
            config: S.object(["text": S.string(minLength: 1), "channel": S.string(), "username": S.string()], required: ["text"]),
            app: "slack", requiresConnection: true),
        BlockType(
            "webhook-post", "Webhook Post", .integration, "POSTs a JSON payload signed with the connection's secret.",
            config: S.object(["payload": S.any("The JSON payload.")]),
            app: "webhook", requiresConnection: true),
        BlockType(
            BlockTypeID.notification, "Notification", .notification, "Adds the asset to this block's in-app notification.",
            config: S.object(
                [
                    "asset": asset,
                    "recipients": S.dynamic(S.array(of: S.string(minLength: 1), minItems: 1)),
                    "title": S.string(minLength: 1),
                    "description": S.string(),
                    "message": S.string("The message shown with this asset."),
                ], required: ["asset", "recipients", "title"])),
    ]

    /// The config of an If block and of easy-flow conditions.
    public static let conditionGroupSchema: JSONValue = S.object(
        [
            "match": S.oneOfStrings(["all", "any"]),
            "rules": S.array(
                of: S.object(
                    [
                        "value": S.any("Usually a dynamic value."),
                        "operator": S.oneOfStrings(ConditionOperator.allCases.map(\.rawValue)),
                        "operand": S.any("Compared with the value; an array for isOneOf."),
                    ], required: ["value", "operator"]), minItems: 1),
        ], required: ["rules"])
}
