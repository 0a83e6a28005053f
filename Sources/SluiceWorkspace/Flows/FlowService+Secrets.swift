import Foundation
import SluiceDocuments
import SluiceJSON

extension FlowService {
    /// The names of a flow's secrets (never their values).
    public func secretNames(_ query: String) throws(WorkspaceError) -> [String] {
        let snapshot = try context.snapshot()
        return try snapshot.flowSecrets(snapshot.flow(query))?.secrets.keys.sorted() ?? []
    }

    /// Encrypts and stores a flow secret.
    public func setSecret(_ query: String, key: String, value: String) throws(WorkspaceError) {
        if let problem = Slug.problem(withKey: key) { throw .invalidInput(problem) }
        try context.mutate { snapshot, changes in
            // The key is read under the lock, so a concurrent rotation cannot retire it meanwhile.
            let box = try snapshot.secretBox()
            let record = try snapshot.flow(query)
            var secrets = try snapshot.flowSecrets(record) ?? FlowSecrets(flow: record.flow.id)
            secrets.secrets[key] = try lift { try box.seal(value, documentID: secrets.id, field: JSONPointer(tokens: ["secrets", key])) }
            try changes.write(.flowSecrets(secrets), to: record.secretsPath)
            return ("flows: set secret \(key) of \"\(record.flow.name)\"", ())
        }
    }

    /// Removes a flow secret; refuses while the flow refers to it.
    public func unsetSecret(_ query: String, key: String) throws(WorkspaceError) {
        try context.mutate { snapshot, changes in
            let record = try snapshot.flow(query)
            guard var secrets = try snapshot.flowSecrets(record), secrets.secrets[key] != nil else {
                throw WorkspaceError.notFound(.secret, query: key)
            }
            let uses = snapshot.uses(of: .secret, key: key, inFlowAt: record.path)
            if !uses.isEmpty { throw WorkspaceError.refused(.stillUsed(what: "secret \(key)", uses: uses)) }
            secrets.secrets[key] = nil
            try changes.write(.flowSecrets(secrets), to: record.secretsPath)
            return ("flows: unset secret \(key) of \"\(record.flow.name)\"", ())
        }
    }
}

extension WorkspaceSnapshot {
    /// The box that seals and opens this workspace's secrets; explains how to import a missing key.
    func secretBox() throws(WorkspaceError) -> SecretBox {
        let manifest = try manifest()
        return try lift { try context.keyStore.box(workspaceID: manifest.id) }
    }

    /// A flow's secrets document, checked to belong to it; nil when the flow has none.
    func flowSecrets(_ record: FlowRecord) throws(WorkspaceError) -> FlowSecrets? {
        guard case .flowSecrets(let secrets)? = try existingDocument(at: record.secretsPath) else { return nil }
        guard secrets.flow == record.flow.id else {
            throw .refused(.secretsOfAnotherFlow(path: record.secretsPath, owner: secrets.flow, flow: record.flow.id))
        }
        return secrets
    }

    /// The decrypted secrets of a flow, for the runner. Never print these.
    func decryptedSecrets(of record: FlowRecord) throws(WorkspaceError) -> [String: String] {
        guard let secrets = try flowSecrets(record) else { return [:] }
        let box = try secretBox()
        var values: [String: String] = [:]
        for (key, sealed) in secrets.secrets {
            values[key] = try box.openValue(sealed, documentID: secrets.id, field: JSONPointer(tokens: ["secrets", key]), path: record.secretsPath)
        }
        return values
    }
}

extension SecretBox {
    /// Opens one sealed value of the document at `path`, naming that document when it cannot.
    func openValue(_ sealed: String, documentID: String, field: JSONPointer, path: String) throws(WorkspaceError) -> String {
        do { return try open(sealed, documentID: documentID, field: field) } catch let error as SecretError {
            throw .secrets(error, path: path)
        } catch {
            throw WorkspaceError(error)
        }
    }
}
