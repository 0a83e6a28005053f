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
            // The environment's key stands on its own: a missing or damaged key file does not stop it.
            return [key] + ((try? readKeyFile(workspaceID)) ?? []).filter { $0 != key }
        }
        return try readKeyFile(workspaceID)
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
        let existing = try readKeyFile(workspaceID).filter { $0 != key }
        try write([key] + existing, workspaceID: workspaceID)
    }

    /// Keeps only `key`, after every value has been re-sealed with it.
    public func retainOnly(_ key: SecretKey, workspaceID: String) throws {
        try write([key], workspaceID: workspaceID)
    }

    private func readKeyFile(_ workspaceID: String) throws -> [SecretKey] {
        let path = keyFile(workspaceID: workspaceID)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let keys = lines.compactMap(SecretKey.init(exported:))
        guard !keys.isEmpty, keys.count == lines.count else { throw SecretError.malformedKeyFile(path: path) }
        return keys
    }

    /// Puts back exactly `keys` (as read before a change that failed).
    public func restore(_ keys: [SecretKey], workspaceID: String) throws {
        if keys.isEmpty {
            unlink(keyFile(workspaceID: workspaceID))
        } else {
            try write(keys, workspaceID: workspaceID)
        }
    }

    /// The keys in the file only, ignoring `SLUICE_KEY`.
    public func fileKeys(workspaceID: String) throws -> [SecretKey] { try readKeyFile(workspaceID) }

    /// Whether `SLUICE_KEY` decides the key, so that the file cannot.
    public var usesEnvironmentKey: Bool { environmentKey != nil }

    private func write(_ keys: [SecretKey], workspaceID: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FileError(path: directory, reason: "cannot create the key folder")
        }
        let text = keys.map(\.exported).joined(separator: "\n") + "\n"
        // Created 0600 from the start, fsynced, then renamed over the old file.
        try AtomicFile.write(Array(text.utf8), to: keyFile(workspaceID: workspaceID), mode: 0o600)
    }
}
