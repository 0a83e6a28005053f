import Foundation
import SluiceDocuments
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

/// The schemas an editor uses are checked with an independent implementation (Python's jsonschema).
@Suite("Schemas as an editor sees them")
struct EditorSchemaTests {
    @Test("every document Sluice writes is valid against the schema its $schema names")
    func documentsMatchSchemas() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        for template in FlowTemplates.all { try FlowService(workspace).create(name: template.name, type: nil, template: template.id) }
        try FlowService(workspace).setSecret("tag-uploads-by-folder", key: "token", value: "v")
        try EnvironmentService(workspace).setVariable("host", value: "example.com")
        try ConnectionService(workspace).add(
            app: "sftp", name: "Files", settings: ["host": "h", "user": "u", "port": "22"], secrets: ["password": "p"])
        var notification = Notification(flow: "flw_x", block: "notify", title: "Reviewed", recipients: ["a@example.com"])
        notification.assets.append(NotifiedAsset(id: "a1", publicId: "cats/1", message: "ok", addedAt: "2026-11-26T10:00:00Z"))
        notification.readBy["a@example.com"] = "2026-11-26T11:00:00Z"
        let notificationPath = WorkspaceLayout.notificationPath(flowID: "flw_x", blockID: "notify")
        try test.write(
            notificationPath, String(decoding: try AnyDocument.notification(notification).canonicalBytes(at: notificationPath), as: UTF8.self))
        let files = try workspace.snapshot().listing.paths.map { test.root + "/" + $0 }
        #expect(files.count == FlowTemplates.all.count + 5)
        let result = try SchemaChecker.check(files)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == files.count)
        #expect(lines.allSatisfy { $0.hasPrefix("valid ") }, "\(result.stdout)")
    }

    /// Planted errors an editor must flag: both validators agree that these documents are invalid.
    @Test(arguments: [
        ("\"operation\": \"add\"", "\"operation\": \"append\""),
        ("\"type\": \"update-tags\"", "\"type\": \"update-tagz\""),
        ("\"favorite\": false", "\"favorite\": \"no\""),
        ("\"enabled\": false,", "\"enabled\": false, \"colour\": 1,"),
        ("\"resourceTypes\": [", "\"resourceTypez\": ["),
    ])
    func plantedErrors(original: String, replacement: String) throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        try FlowService(workspace).create(name: "Tags", type: nil, template: "tag-by-folder")
        let text = try test.read("flows/tags/flow.json")
        #expect(text.contains(original))
        try test.write("flows/tags/flow.json", text.replacingOccurrences(of: original, with: replacement))
        let result = try SchemaChecker.check([test.root + "/flows/tags/flow.json"])
        #expect(result.stdout.hasPrefix("invalid "), "\(result.output)")
        #expect(try WorkspaceService(workspace).validate().hasErrors)
    }
}
