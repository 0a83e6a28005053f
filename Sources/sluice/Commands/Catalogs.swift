import ArgumentParser
import SluiceDocuments
import SluiceJSON
import SluiceRunner

extension FlowType: EnumerableFlag {}

/// Rows of `sluice templates --json`.
struct TemplateRow: Codable {
    var id: String
    var name: String
    var type: FlowType
    var summary: String
    var needsApps: [String]
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
            let rows = BlockRegistry.standard.listing()
            if output.json { return try Output.json(rows) }
            for category in BlockCategory.allCases {
                Output.line("\(category.rawValue.capitalized):")
                for row in rows where row.category == category.rawValue {
                    let fields = row.configSchema["properties"]?.objectValue?.keys.joined(separator: ", ") ?? ""
                    let availability = row.unavailableReason.map { " (not available yet: \($0))" } ?? ""
                    Output.line("  \(row.type.padding(toLength: 28, withPad: " ", startingAt: 0)) \(row.summary)\(availability)")
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
