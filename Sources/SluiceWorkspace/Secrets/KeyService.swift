import Foundation
import SluiceDocuments
import SluiceJSON

/// The workspace's secret key on this machine: export, import, rotate.
public struct KeyService: Sendable {
    let context: WorkspaceContext

    /// The key of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The current key in its exported form, for `sluice key export`.
    public func export() throws(WorkspaceError) -> String { try context.snapshot().secretBox().current.exported }

    /// Installs an exported key as this machine's current key for the workspace.
    /// Refuses a key that opens none of the workspace's existing secrets unless `force`.
    public func importKey(_ text: String, force: Bool = false) throws(WorkspaceError) -> SecretKey {
        guard let key = SecretKey(exported: text) else { throw .invalidInput("not a Sluice key (expected the text `sluice key export` prints)") }
        try refuseWhileEnvironmentKey("import a key")
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let fingerprints = Set(snapshot.sealedValues().map(\.fingerprint))
        if !force, !fingerprints.isEmpty, !fingerprints.contains(key.fingerprint) {
            throw .refused(.keyOpensNothing(fingerprint: key.fingerprint, used: fingerprints.sorted()))
        }
        let workspaceID = try snapshot.manifest().id
        try lift { try context.keyStore.install(key, workspaceID: workspaceID) }
        return key
    }

    /// Generates a new key, re-encrypts every secret value with it, commits, and forgets the old keys. All of it
    /// happens under the workspace lock, so no other operation seals a value with a key that is about to go.
    public func rotate() throws(WorkspaceError) -> (key: SecretKey, values: Int) {
        try refuseWhileEnvironmentKey("rotate the key")
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let workspaceID = try snapshot.manifest().id
        let old = try snapshot.secretBox()
        let keysBefore = try lift { try context.keyStore.fileKeys(workspaceID: workspaceID) }
        let key = SecretKey.generate()
        let box = SecretBox(current: key, previous: Array(old.keyring.values))
        var changes = ChangeSet()
        var count = 0
        for parsed in snapshot.documents(of: [.flowSecrets, .connection]) {
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
                throw .invalidDocuments(parsed.problems)
            default: break
            }
        }
        // The new key is on disk before any value sealed with it is committed; a failed commit puts the old file back.
        try lift { try context.keyStore.install(key, workspaceID: workspaceID) }
        do {
            try context.apply(changes, message: "key: rotate the secret key (\(count) values re-encrypted)", repository: snapshot.repository)
        } catch {
            try? context.keyStore.restore(keysBefore, workspaceID: workspaceID)
            throw error
        }
        try lift { try context.keyStore.retainOnly(key, workspaceID: workspaceID) }
        return (key, count)
    }

    private func refuseWhileEnvironmentKey(_ action: String) throws(WorkspaceError) {
        if context.keyStore.usesEnvironmentKey { throw .refused(.keyFromEnvironment(action: action)) }
    }

    /// Opens every value of a secrets map (stored under the member `field`) and seals it again with the box's current key.
    private func reseal(_ values: [String: String], under field: String, box: SecretBox, documentID: String, path: String) throws(WorkspaceError)
        -> [String: String]
    {
        var result: [String: String] = [:]
        for (name, sealed) in values {
            let pointer = JSONPointer(tokens: [field, name])
            let plain = try box.openValue(sealed, documentID: documentID, field: pointer, path: path)
            result[name] = try lift { try box.seal(plain, documentID: documentID, field: pointer) }
        }
        return result
    }
}

extension WorkspaceSnapshot {
    /// One encrypted value of the workspace: its document, the document's id, its field and the sealed text.
    struct SealedValue {
        var path: String
        var documentID: String
        var field: JSONPointer
        var sealed: String
        var fingerprint: String? { SecretBox.keyFingerprint(of: sealed) }
    }

    /// Every encrypted value in the workspace.
    func sealedEntries() -> [SealedValue] {
        documents(of: [.flowSecrets, .connection]).flatMap { parsed -> [SealedValue] in
            switch parsed.document {
            case .flowSecrets(let secrets)?:
                secrets.secrets.sorted { $0.key < $1.key }.map {
                    SealedValue(path: parsed.path, documentID: secrets.id, field: JSONPointer(tokens: ["secrets", $0.key]), sealed: $0.value)
                }
            case .connection(let connection)?:
                connection.credentials.sorted { $0.key < $1.key }.map {
                    SealedValue(path: parsed.path, documentID: connection.id, field: JSONPointer(tokens: ["credentials", $0.key]), sealed: $0.value)
                }
            default: []
            }
        }
    }

    /// Every encrypted value in the workspace with the fingerprint of its key.
    func sealedValues() -> [(path: String, fingerprint: String)] {
        sealedEntries().compactMap { entry in entry.fingerprint.map { (entry.path, $0) } }
    }
}
