import SluiceJSON

/// The starting templates `sluice templates` lists.
public enum FlowTemplates {
    private static let asset: JSONValue = "{{trigger.asset.publicId}}"

    /// Every template, in display order.
    public static let all: [FlowTemplate] = [
        FlowTemplate(
            "tag-by-folder", "Tag uploads by folder", .power,
            "Tags every image uploaded under products/ with \"product\" and its folder name."
        ) { flow in
            flow.blocks = [
                .make(
                    "upload", BlockTypeID.assetUploaded, "On product upload",
                    [
                        "resourceTypes": ["image"], "folder": ["path": "products", "includeSubfolders": true],
                    ], next: ["tag"]),
                .make(
                    "tag", "update-tags", "Tag with folder", ["asset": asset, "operation": "add", "tags": ["product", "{{trigger.asset.folder}}"]]),
            ]
        },
        FlowTemplate(
            "moderation-queue", "Moderation queue with notification", .power,
            "Holds user uploads tagged ugc for a person to approve; approved ones are tagged, rejected ones moved aside, and reviewers are notified."
        ) { flow in
            var moderate = Block.make(
                "moderate", "manual-moderation", "Review upload",
                [
                    "asset": asset, "instructions": "Approve images that follow the community guidelines.",
                ])
            moderate.then = ["approved"]
            moderate.else = ["notify-rejected"]
            flow.variables = ["reviewer": "moderators@example.com"]
            flow.blocks = [
                .make(
                    "upload", BlockTypeID.assetUploaded, "On UGC upload",
                    ["resourceTypes": ["image"], "tags": ["operator": "anyOf", "values": ["ugc"]]],
                    next: ["moderate"]),
                moderate,
                .make(
                    "approved", "update-tags", "Tag approved", ["asset": asset, "operation": "add", "tags": ["approved"]], next: ["notify-approved"]),
                .make(
                    "notify-approved", BlockTypeID.notification, "Tell reviewers: approved",
                    [
                        "asset": asset, "recipients": ["{{vars.reviewer}}"], "title": "Approved uploads",
                        "message": "{{trigger.asset.publicId}} was approved",
                    ]),
                // Notify before moving: the move gives the asset a new public id.
                .make(
                    "notify-rejected", BlockTypeID.notification, "Tell reviewers: rejected",
                    [
                        "asset": asset, "recipients": ["{{vars.reviewer}}"], "title": "Rejected uploads",
                        "message": "{{trigger.asset.publicId}} was rejected",
                    ],
                    next: ["rejected"]),
                .make("rejected", "move-to-folder", "Move rejected", ["asset": asset, "folder": "rejected"]),
            ]
        },
        FlowTemplate(
            "web-variants", "Web-size variants", .power,
            "Makes a large WebP and a square thumbnail of each uploaded image (real files, made once) and stores their delivery URLs as contextual metadata."
        ) { flow in
            flow.blocks = [
                .make("upload", BlockTypeID.assetUploaded, "On image upload", ["resourceTypes": ["image"]], next: ["large", "thumbnail"]),
                .make("large", "edit-media", "Large WebP", ["asset": asset, "transformation": "c_limit,w_1920/f_webp,q_auto"], next: ["store"]),
                .make(
                    "thumbnail", "edit-media", "Square thumbnail", ["asset": asset, "transformation": "c_fill,g_auto,w_300,h_300"],
                    next: ["store"]),
                .make(
                    "store", "update-contextual-metadata", "Store variant URLs",
                    [
                        "asset": asset, "operation": "set",
                        "values": ["large": "{{blocks.large.output.url}}", "thumbnail": "{{blocks.thumbnail.output.url}}"],
                    ]),
            ]
        },
        FlowTemplate(
            "webhook-upload", "Upload from URL by webhook", .power,
            "A webhook call with `url` and `folder` parameters uploads that file, then notifies the media team."
        ) { flow in
            flow.variables = ["team": "media-team@example.com"]
            flow.blocks = [
                .make("hook", BlockTypeID.webhook, "Upload request", ["parameters": ["url", "folder"]], next: ["fetch"]),
                .make(
                    "fetch", "upload-media", "Upload from URL",
                    ["source": "{{trigger.data.url}}", "folder": "{{trigger.data.folder}}", "tags": ["webhook"]],
                    next: ["notify"]),
                .make(
                    "notify", BlockTypeID.notification, "Tell the team",
                    [
                        "asset": "{{blocks.fetch.output.publicId}}", "recipients": ["{{vars.team}}"], "title": "Uploaded by webhook",
                    ]),
            ]
        },
        FlowTemplate(
            "weekly-metadata-export", "Scheduled metadata export to CSV", .power,
            "Every Monday at 06:00 UTC, exports the metadata of all images to a CSV file."
        ) { flow in
            flow.blocks = [
                .make("weekly", BlockTypeID.schedule, "Mondays 06:00", ["cron": "0 6 * * 1", "timezone": "UTC"], next: ["export"]),
                .make(
                    "export", "export-metadata-csv", "Export image metadata",
                    [
                        "expression": "resource_type:image", "fields": ["public_id", "folder", "tags", "width", "height", "bytes"],
                        "fileName": "images.csv",
                    ]),
            ]
        },
        FlowTemplate(
            "slack-new-videos", "Slack alert on new videos", .power,
            "Posts a message to Slack whenever a video is uploaded.", needsApps: ["slack"]
        ) { flow in
            flow.blocks = [
                .make("upload", BlockTypeID.assetUploaded, "On video upload", ["resourceTypes": ["video"]], next: ["alert"]),
                .make(
                    "alert", "slack-message", "Post to Slack",
                    ["text": "New video uploaded: {{trigger.asset.publicId}} ({{trigger.asset.bytes}} bytes)"]),
            ]
        },
        FlowTemplate(
            "tag-large-jpegs", "Tag large JPEG uploads", .easy,
            "An easy flow: when a JPEG wider than 2000 pixels is uploaded, tag it \"large\" and \"print-ready\"."
        ) { flow in
            flow.trigger = EasyTrigger(type: BlockTypeID.assetUploaded, config: ["resourceTypes": ["image"]])
            flow.conditions = ConditionGroup(
                match: .all,
                rules: [
                    ConditionRule(value: "{{trigger.asset.format}}", operator: .isOneOf, operand: ["jpg", "jpeg"]),
                    ConditionRule(value: "{{trigger.asset.width}}", operator: .greaterThan, operand: 2000),
                ])
            flow.actions = [
                .make("tag", "update-tags", "Tag as large", ["asset": asset, "operation": "add", "tags": ["large", "print-ready"]])
            ]
        },
        FlowTemplate(
            "notify-on-error", "HTTP callback with error path", .power,
            "Sends each upload's details to an HTTP endpoint; when the call fails, the failure lands in a notification."
        ) { flow in
            var call = Block.make(
                "callback", "http-request", "POST asset details",
                [
                    "method": "POST", "url": "{{vars.endpoint}}",
                    "body": ["publicId": asset, "bytes": "{{trigger.asset.bytes}}", "format": "{{trigger.asset.format}}"],
                ])
            call.onError = ["failed"]
            call.retry = RetryPolicy(attempts: 3, backoffSeconds: 2)
            flow.variables = ["endpoint": "https://example.com/hooks/assets", "oncall": "oncall@example.com"]
            flow.blocks = [
                .make("upload", BlockTypeID.assetUploaded, "On upload", [:], next: ["callback"]),
                call,
                .make(
                    "failed", BlockTypeID.notification, "Report failure",
                    [
                        "asset": asset, "recipients": ["{{vars.oncall}}"], "title": "Asset callback failed",
                    ]),
            ]
        },
    ]

    /// Looks a template up by id.
    public static func template(_ id: String) -> FlowTemplate? { all.first { $0.id == id } }
}
