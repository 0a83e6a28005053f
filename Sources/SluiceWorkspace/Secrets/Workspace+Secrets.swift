import Foundation
import SluiceDocuments
import SluiceJSON

extension Workspace {
    /// The box that seals and opens this workspace's secrets; explains how to import a missing key.
    public func secretBox() throws -> SecretBox {
        let manifest = try manifest()
        do { return try keyStore.box(workspaceID: manifest.id) } catch let error as SecretError {
            throw WorkspaceError.refused(error.description)
        }
    }

    /// The names of a flow's secrets (never their values).
    public func flowSecretNames(_ query: String) throws -> [String] {
        let record = try flow(query)
        return try flowSecrets(record)?.secrets.keys.sorted() ?? []
    }

    /// Encrypts and stores a flow secret.
    public func setFlowSecret(_ query: String, key: String, value: String) throws {
        if let problem = Slug.problem(withKey: key) { throw WorkspaceError.invalidInput(problem) }
        try mutate { changes in
            let box = try secretBox()
            let record = try flow(query)
            var secrets = try flowSecrets(record) ?? FlowSecrets(flow: record.flow.id)
            secrets.secrets[key] = try box.seal(value, documentID: secrets.id, field: JSONPointer(tokens: ["secrets", key]))
            try changes.write(.flowSecrets(secrets), to: record.secretsPath)
            return ("flows: set secret \(key) of \"\(record.flow.name)\"", ())
        }
    }

    /// Removes a flow secret.
    public func unsetFlowSecret(_ query: String, key: String) throws {
        try mutate { changes in
            let record = try flow(query)
            guard var secrets = try flowSecrets(record), secrets.secrets[key] != nil else {
                throw WorkspaceError.notFound(kind: "secret", query: key)
            }
            let flowDocument = try load(record.path)
            try refuseIfUsed(uses(of: .secrets, key: key, in: [flowDocument]), what: "secret \(key)")
            secrets.secrets[key] = nil
            try changes.write(.flowSecrets(secrets), to: record.secretsPath)
            return ("flows: unset secret \(key) of \"\(record.flow.name)\"", ())
        }
    }

    /// The decrypted secrets of a flow, for the runner. Never print these.
    public func decryptedFlowSecrets(_ record: FlowRecord) throws -> [String: String] {
        guard let secrets = try flowSecrets(record) else { return [:] }
        let box = try secretBox()
        return try secrets.secrets.reduce(into: [:]) { result, entry in
            do {
                result[entry.key] = try box.open(entry.value, documentID: secrets.id, field: JSONPointer(tokens: ["secrets", entry.key]))
            } catch let error as SecretError {
                throw WorkspaceError.refused("\(record.secretsPath): \(error)")
            }
        }
    }

    func flowSecrets(_ record: FlowRecord) throws -> FlowSecrets? {
        guard FileManager.default.fileExists(atPath: absolute(record.secretsPath)) else { return nil }
        let parsed = try load(record.secretsPath)
        guard case .flowSecrets(let secrets)? = parsed.document else {
            throw WorkspaceError.invalidDocuments(parsed.problems.filter { $0.severity == .error })
        }
        guard secrets.flow == record.flow.id else {
            throw WorkspaceError.refused("\(record.secretsPath) belongs to flow \(secrets.flow), not \(record.flow.id)")
        }
        return secrets
    }
}
