import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

extension WorkspaceService {
    /// Creates a workspace in `path` (new or empty): repository, environment branch, manifest, environment variables,
    /// schemas, `.gitignore`, `.gitattributes`, a secret key for this machine, and the first commit. With
    /// `mergeDriver` (the `sluice` command), registers the git merge driver too.
    @discardableResult
    public static func create(
        at path: String, environment environmentName: String = "production",
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment, mergeDriver executable: String? = nil,
        notices: any NoticeSink = IgnoredNotices()
    ) throws(WorkspaceError) -> WorkspaceContext {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard environmentName.range(of: DocumentSchemas.environmentPattern, options: .regularExpression) != nil else {
            throw .invalidInput("environment name \"\(environmentName)\" may contain only letters, digits, '.', '_' and '-'")
        }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: absolute, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .folderNotEmpty(absolute) }
            if manager.fileExists(atPath: absolute + "/" + WorkspaceLayout.manifestPath) { throw .alreadyAWorkspace(absolute) }
            guard ((try? manager.contentsOfDirectory(atPath: absolute)) ?? []).isEmpty else { throw .folderNotEmpty(absolute) }
        }
        let existed = manager.fileExists(atPath: absolute)
        let manifest = Manifest(environment: environmentName)
        let keyStore = KeyStore(environment: processEnvironment)
        do {
            try keyStore.install(SecretKey.generate(), workspaceID: manifest.id)
            try manager.createDirectory(atPath: absolute, withIntermediateDirectories: true)
            let repository = try Repository.create(at: absolute, initialBranch: environmentName)
            let root = repository.workingDirectory.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? absolute
            let context = WorkspaceContext(root: root, gitDirectory: repository.gitDirectory, environment: processEnvironment, notices: notices)
            let lock = try context.lock()
            defer { withExtendedLifetime(lock) {} }
            var changes = ChangeSet()
            try changes.write(.manifest(manifest), to: WorkspaceLayout.manifestPath)
            try changes.write(.environmentVariables(EnvironmentVariables()), to: WorkspaceLayout.environmentVariablesPath)
            // Temporary files of atomic writes that a killed process left behind are never committed.
            changes.writeRaw(Array(".sluice/\n.*.tmp-*\n/inbox/\n".utf8), to: ".gitignore")
            changes.writeRaw(Array(MergeDriverSetup.attributes(adding: nil).utf8), to: ".gitattributes")
            if let executable { try MergeDriverSetup.register(in: repository, executable: executable) }
            for (path, bytes) in SchemaFiles.all() { changes.writeRaw(bytes, to: path) }
            try context.apply(changes, message: "init: create \(environmentName) environment", repository: repository)
            return context
        } catch {
            // Leave nothing behind, so that init can simply be run again.
            try? keyStore.restore([], workspaceID: manifest.id)
            if existed {
                for entry in (try? manager.contentsOfDirectory(atPath: absolute)) ?? [] { try? manager.removeItem(atPath: absolute + "/" + entry) }
            } else {
                try? manager.removeItem(atPath: absolute)
            }
            switch error {
            case let error as CocoaError: throw .file(FileError(path: absolute, reason: PlainError.sentence(error)))
            default: throw WorkspaceError(error)
            }
        }
    }
}

/// The schema files a workspace carries so editors validate documents while people edit them.
public enum SchemaFiles {
    /// Workspace-relative path → canonical bytes, one per document kind.
    public static func all() -> [(String, [UInt8])] {
        DocumentKind.allCases.map { (WorkspaceLayout.schemaPath($0), DocumentSchemas.schema(for: $0).canonicalBytes()) }
    }
}
