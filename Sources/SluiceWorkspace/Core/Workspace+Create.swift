import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

extension Workspace {
    /// Creates a workspace in `path` (new or empty): repository, environment branch, manifest,
    /// environment variables, schemas, `.gitignore`, `.gitattributes`, a secret key for this machine, and the
    /// first commit. With `mergeDriver` (the `sluice` command), registers the git merge driver too.
    public static func create(
        at path: String, environment environmentName: String = "production",
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment, mergeDriver executable: String? = nil
    ) throws -> Workspace {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard environmentName.range(of: DocumentSchemas.environmentPattern, options: .regularExpression) != nil else {
            throw WorkspaceError.invalidInput("environment name \"\(environmentName)\" may contain only letters, digits, '.', '_' and '-'")
        }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: absolute, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw WorkspaceError.folderNotEmpty(absolute) }
            if manager.fileExists(atPath: absolute + "/" + WorkspaceLayout.manifestPath) { throw WorkspaceError.alreadyAWorkspace(absolute) }
            let entries = (try? manager.contentsOfDirectory(atPath: absolute)) ?? []
            guard entries.isEmpty else { throw WorkspaceError.folderNotEmpty(absolute) }
        }
        let existed = manager.fileExists(atPath: absolute)
        let manifest = Manifest(environment: environmentName)
        let keyStore = KeyStore(environment: processEnvironment)
        do {
            try keyStore.install(SecretKey.generate(), workspaceID: manifest.id)
            try manager.createDirectory(atPath: absolute, withIntermediateDirectories: true)
            let repository = try Repository.create(at: absolute, initialBranch: environmentName)
            let workspace = Workspace(root: repository.workingDirectory ?? absolute, repository: repository, environment: processEnvironment)
            let lock = try workspace.lock()
            defer { withExtendedLifetime(lock) {} }
            var changes = ChangeSet()
            try changes.write(.manifest(manifest), to: WorkspaceLayout.manifestPath)
            try changes.write(.environmentVariables(EnvironmentVariables()), to: WorkspaceLayout.environmentVariablesPath)
            // Temporary files of atomic writes that a killed process left behind are never committed.
            changes.writeRaw(Array(".sluice/\n.*.tmp-*\n".utf8), to: ".gitignore")
            changes.writeRaw(Array(MergeDriverSetup.attributes(adding: nil).utf8), to: ".gitattributes")
            if let executable { try MergeDriverSetup.register(in: repository, executable: executable) }
            for (path, bytes) in SchemaFiles.all() { changes.writeRaw(bytes, to: path) }
            try workspace.apply(changes, message: "init: create \(environmentName) environment")
            return workspace
        } catch {
            // Leave nothing behind, so that init can simply be run again.
            try? keyStore.restore([], workspaceID: manifest.id)
            if existed {
                for entry in (try? manager.contentsOfDirectory(atPath: absolute)) ?? [] { try? manager.removeItem(atPath: absolute + "/" + entry) }
            } else {
                try? manager.removeItem(atPath: absolute)
            }
            switch error {
            case let error as GitError: throw WorkspaceError.git("\(error)")
            case let error as FileError: throw WorkspaceError.io(path: error.path, reason: error.reason)
            case let error as CocoaError: throw WorkspaceError.io(path: absolute, reason: error.localizedDescription)
            default: throw error
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
