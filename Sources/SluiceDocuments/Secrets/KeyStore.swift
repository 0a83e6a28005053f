import Foundation

/// Where a workspace's secret keys live on this machine: outside the repository, mode 0600.
///
/// The key file holds one exported key per line, the current one first; older keys stay so that
/// values sealed before a rotation still open. `SLUICE_KEY` (an exported key) overrides the file.
public struct KeyStore: Sendable {
    /// The folder holding key files.
    public let directory: String
    /// An exported key from the environment, used instead of the file when set.
    public let environmentKey: String?

    /// The store for a process environment: `$SLUICE_CONFIG_DIR`, `$XDG_CONFIG_HOME/sluice` or `~/.config/sluice`.
    public init(environment: [String: String]) {
        let base: String
        if let dir = environment["SLUICE_CONFIG_DIR"], !dir.isEmpty {
            base = dir
        } else if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            base = xdg + "/sluice"
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.config/sluice"
        }
        directory = base + "/keys"
        environmentKey = environment["SLUICE_KEY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The key file of a workspace.
    public func keyFile(workspaceID: String) -> String { "\(directory)/\(workspaceID).key" }

    /// The workspace's keys, current first; an empty array when there is none.
    public func keys(workspaceID: String) throws -> [SecretKey] {
        if let environmentKey {
            guard let key = SecretKey(exported: environmentKey) else { throw SecretError.malformedKeyFile(path: "$SLUICE_KEY") }
            return [key] + (try fileKeys(workspaceID).filter { $0 != key })
        }
        return try fileKeys(workspaceID)
    }

    /// A box for sealing and opening the workspace's secrets; throws `missingKey` when there is no key.
    public func box(workspaceID: String) throws -> SecretBox {
        let keys = try keys(workspaceID: workspaceID)
        guard let current = keys.first else {
            throw SecretError.missingKey(workspaceID: workspaceID, keyFile: keyFile(workspaceID: workspaceID))
        }
        return SecretBox(current: current, previous: Array(keys.dropFirst()))
    }

    /// Makes `key` the current key, keeping earlier keys for values not yet re-sealed.
    public func install(_ key: SecretKey, workspaceID: String) throws {
        let existing = try fileKeys(workspaceID).filter { $0 != key }
        try write([key] + existing, workspaceID: workspaceID)
    }

    /// Keeps only `key`, after every value has been re-sealed with it.
    public func retainOnly(_ key: SecretKey, workspaceID: String) throws {
        try write([key], workspaceID: workspaceID)
    }

    private func fileKeys(_ workspaceID: String) throws -> [SecretKey] {
        let path = keyFile(workspaceID: workspaceID)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let keys = lines.compactMap(SecretKey.init(exported:))
        guard !keys.isEmpty, keys.count == lines.count else { throw SecretError.malformedKeyFile(path: path) }
        return keys
    }

    private func write(_ keys: [SecretKey], workspaceID: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = keyFile(workspaceID: workspaceID)
        let temporary = path + ".tmp-\(getpid())"
        let text = keys.map(\.exported).joined(separator: "\n") + "\n"
        guard manager.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            try? manager.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
