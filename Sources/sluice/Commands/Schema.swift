import ArgumentParser
import Foundation
import SluiceDocuments
import SluiceWorkspace

extension Sluice {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a document kind's JSON Schema, or write all of them to a folder.")
        @Argument(help: "The kind: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String?
        @Option(help: "Write every schema into this folder.") var write: String?

        func run() throws {
            if let write {
                for (path, bytes) in SchemaFiles.all() {
                    let target = write + "/" + (path as NSString).lastPathComponent
                    try AtomicFile.write(bytes, to: target)
                    Output.line("wrote \(target)")
                }
                return
            }
            guard let kind, let documentKind = DocumentKind(rawValue: kind) else {
                throw ValidationError("give a kind (\(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))) or --write DIR")
            }
            FileHandle.standardOutput.write(Data(DocumentSchemas.schema(for: documentKind).canonicalBytes()))
        }
    }
}
