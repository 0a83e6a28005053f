import Foundation
import SluiceDocuments
import SluiceJSON

extension Workspace {
    /// The current key in its exported form, for `sluice key export`.
    public func exportKey() throws -> String { try secretBox().current.exported }

    /// Installs an exported key as this machine's current key for the workspace.
    /// Refuses a key that opens none of the workspace's existing secrets unless `force`.
    public func importKey(_ text: String, force: Bool = false) throws -> SecretKey {
        guard let key = SecretKey(exported: text) else {
            throw WorkspaceError.invalidInput("not a Sluice key (expected the text `sluice key export` prints)")
        }
        try refuseWhileEnvironmentKey("import a key")
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let fingerprints = Set(sealedValues().map(\.fingerprint))
        if !force, !fingerprints.isEmpty, !fingerprints.contains(key.fingerprint) {
            throw WorkspaceError.refused(
                "key \(key.fingerprint) opens none of this workspace's secrets (they use \(fingerprints.sorted().joined(separator: ", "))); use --force to install it anyway"
            )
        }
        try keyStore.install(key, workspaceID: manifest().id)
        return key
    }

    /// Generates a new key, re-encrypts every secret value with it, commits, and forgets the old keys.
    /// All of it happens under the workspace lock, so no other command seals a value with a key that is about to go.
    public func rotateKey() throws -> (key: SecretKey, values: Int) {
        try refuseWhileEnvironmentKey("rotate the key")
        let lock = try lock()
        defer { withExtendedLifetime(lock) {} }
        let workspaceID = try manifest().id
        let old = try secretBox()
        let keysBefore = try keyStore.fileKeys(workspaceID: workspaceID)
        let key = SecretKey.generate()
        let box = SecretBox(current: key, previous: Array(old.keyring.values))
        var changes = ChangeSet()
        var count = 0
        for parsed in loadDocuments(kinds: [.flowSecrets, .connection], checkReferences: false) {
            switch parsed.document {
            case .flowSecrets(var secrets)?:
                secrets.secrets = try reseal(secrets.secrets, under: "secrets", box: box, documentID: secrets.id, path: parsed.path)
                count += secrets.secrets.count
                try changes.write(.flowSecrets(secrets), to: parsed.path)
            case .connection(var connection)?:
                connection.credentials = try reseal(
                    connection.credentials, under: "credentials", box: box, documentID: connection.id, path: parsed.path)
                count += connection.credentials.count
                try changes.write(.connection(connection), to: parsed.path)
            case nil where !parsed.problems.isEmpty:
                throw WorkspaceError.invalidDocuments(parsed.problems)
            default: break
            }
        }
        // The new key is on disk before any value sealed with it is committed; a failed commit puts the old file back.
        try keyStore.install(key, workspaceID: workspaceID)
        do {
            try apply(changes, message: "key: rotate the secret key (\(count) values re-encrypted)")
        } catch {
            try? keyStore.restore(keysBefore, workspaceID: workspaceID)
            throw error
        }
        try keyStore.retainOnly(key, workspaceID: workspaceID)
        return (key, count)
    }

    private func refuseWhileEnvironmentKey(_ action: String) throws {
        guard !keyStore.usesEnvironmentKey else {
            throw WorkspaceError.refused("cannot \(action) while SLUICE_KEY is set; unset it, then update it with `sluice key export`")
        }
    }

    /// Opens every value of a secrets map (stored under the member `field`) and seals it again with the box's current key.
    private func reseal(_ values: [String: String], under field: String, box: SecretBox, documentID: String, path: String) throws -> [String: String]
    {
        try values.reduce(into: [:]) { result, entry in
            let pointer = JSONPointer(tokens: [field, entry.key])
            do {
                result[entry.key] = try box.seal(
                    box.open(entry.value, documentID: documentID, field: pointer), documentID: documentID, field: pointer)
            } catch let error as SecretError {
                throw WorkspaceError.refused("\(path): \(error)")
            }
        }
    }

    /// Every encrypted value in the workspace with the fingerprint of its key.
    func sealedValues() -> [(path: String, fingerprint: String)] {
        loadDocuments(kinds: [.flowSecrets, .connection], checkReferences: false).flatMap { parsed -> [(String, String)] in
            let values: [String] =
                switch parsed.document {
                case .flowSecrets(let secrets)?: Array(secrets.secrets.values)
                case .connection(let connection)?: Array(connection.credentials.values)
                default: []
                }
            return values.compactMap { SecretBox.keyFingerprint(of: $0).map { (parsed.path, $0) } }
        }
    }
}
