import ArgumentParser
import SluiceDocuments
import SluiceJSON

extension FlowType: EnumerableFlag {}

/// Rows of `sluice templates --json`.
struct TemplateRow: Codable {
    var id: String
    var name: String
    var type: FlowType
    var summary: String
    var needsApps: [String]
}

/// Rows of `sluice blocks --json`.
struct BlockRow: Codable {
    var type: String
    var name: String
    var category: String
    var summary: String
    var ports: [String]
    var app: String?
    var configSchema: JSONValue
}

/// Rows of `sluice apps --json`.
struct AppRow: Codable {
    struct Field: Codable {
        var key: String
        var label: String
        var secret: Bool
        var required: Bool
        var kind: String
    }
    var id: String
    var name: String
    var summary: String
    var fields: [Field]
}

extension Sluice {
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the starting templates for `sluice flows new --template`.")
        @OptionGroup var output: JSONOption

        func run() throws {
            let rows = FlowTemplates.all.map { TemplateRow(id: $0.id, name: $0.name, type: $0.type, summary: $0.summary, needsApps: $0.needsApps) }
            if output.json { return try Output.json(rows) }
            for row in rows {
                Output.line("\(row.id)  (\(row.type.rawValue))  \(row.name)")
                Output.line("    \(row.summary)\(row.needsApps.isEmpty ? "" : " Needs a connection: \(row.needsApps.joined(separator: ", ")).")")
            }
        }
    }

    struct Blocks: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the block types a flow can use, with their ports and config fields.")
        @OptionGroup var output: JSONOption

        func run() throws {
            let rows = BlockCatalog.all.map {
                BlockRow(
                    type: $0.id, name: $0.name, category: $0.category.rawValue, summary: $0.summary,
                    ports: $0.ports.map(\.rawValue), app: $0.app, configSchema: $0.configSchema)
            }
            if output.json { return try Output.json(rows) }
            for category in BlockCategory.allCases {
                Output.line("\(category.rawValue.capitalized):")
                for row in rows where row.category == category.rawValue {
                    let fields = row.configSchema["properties"]?.objectValue?.keys.joined(separator: ", ") ?? ""
                    Output.line("  \(row.type.padding(toLength: 28, withPad: " ", startingAt: 0)) \(row.summary)")
                    Output.line(
                        "  \(String(repeating: " ", count: 28)) config: \(fields.ifEmpty("none")); ports: \(row.ports.joined(separator: ", "))\(row.app.map { "; app: \($0)" } ?? "")"
                    )
                }
            }
        }
    }

    struct Apps: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the apps you can connect, with each one's credential fields.")
        @OptionGroup var output: JSONOption

        func run() throws {
            let rows = AppCatalog.all.map { app in
                AppRow(
                    id: app.id, name: app.name, summary: app.summary,
                    fields: app.fields.map {
                        .init(key: $0.key, label: $0.label, secret: $0.secret, required: $0.required, kind: $0.kind.rawValue)
                    })
            }
            if output.json { return try Output.json(rows) }
            for row in rows {
                Output.line("\(row.id)  \(row.name): \(row.summary)")
                for field in row.fields {
                    let notes = [field.secret ? "secret" : nil, field.required ? nil : "optional"].compactMap { $0 }
                    Output.line(
                        "    \(field.key.padding(toLength: 16, withPad: " ", startingAt: 0)) \(field.label)\(notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")"
                    )
                }
            }
        }
    }
}
