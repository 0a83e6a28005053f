/// Where each kind of document lives in a workspace (DESIGN §2). Paths are relative, `/`-separated.
public enum WorkspaceLayout {
    /// The environment manifest.
    public static let manifestPath = "sluice.json"
    /// The folder holding one sub-folder per flow.
    public static let flowsFolder = "flows"
    /// The environment variables document.
    public static let environmentVariablesPath = "environment/variables.json"
    /// The folder holding one sub-folder per app with one document per connected account.
    public static let connectionsFolder = "connections"
    /// The folder holding one sub-folder per flow with one document per notification block.
    public static let notificationsFolder = "notifications"
    /// The folder holding named transformations, one document each (`transformations/<name>.json`).
    public static let transformationsFolder = "transformations"
    /// The folder holding the JSON Schemas that documents reference through `$schema`.
    public static let schemasFolder = "schemas"
    /// Local state that is never committed.
    public static let localStateFolder = ".sluice"

    /// The path of a flow definition.
    public static func flowPath(slug: String) -> String { "\(flowsFolder)/\(slug)/flow.json" }
    /// The path of a flow's secrets.
    public static func flowSecretsPath(slug: String) -> String { "\(flowsFolder)/\(slug)/secrets.json" }
    /// The path of a connection.
    public static func connectionPath(app: String, slug: String) -> String { "\(connectionsFolder)/\(app)/\(slug).json" }
    /// The path of a notification.
    public static func notificationPath(flowID: String, blockID: String) -> String {
        "\(notificationsFolder)/\(flowID)/\(blockID).json"
    }
    /// The path of a named transformation.
    public static func transformationPath(name: String) -> String { "\(transformationsFolder)/\(name).json" }
    /// The name of the named transformation at `path` (its file name without `.json`).
    public static func transformationName(at path: String) -> String {
        String(path.dropFirst(transformationsFolder.count + 1).dropLast(5))
    }
    /// The path of a kind's schema file.
    public static func schemaPath(_ kind: DocumentKind) -> String { "\(schemasFolder)/\(kind.schemaFileName)" }

    /// The `$schema` reference a document at `path` carries: relative, so it works in any clone.
    public static func schemaReference(for kind: DocumentKind, at path: String) -> String {
        let depth = path.split(separator: "/").count - 1
        return String(repeating: "../", count: depth) + schemaPath(kind)
    }

    /// Whether `path` is where Sluice reads documents: a document's place, or a JSON file in a document folder (a
    /// stray, which validation reports). Names starting with `.` are never documents.
    public static func isDocumentFile(_ path: String) -> Bool {
        // Called for every file of large workspaces: one pass over the bytes, no allocation.
        let slash = UInt8(ascii: "/")
        var parts = 1
        var partStart = true
        for byte in path.utf8 {
            if byte == slash {
                guard !partStart else { return false }
                parts += 1
                partStart = true
            } else {
                if partStart, byte == UInt8(ascii: ".") { return false }
                partStart = false
            }
        }
        guard !partStart else { return false }
        switch parts {
        case 1: return path == manifestPath
        case 2: return path == environmentVariablesPath || (path.hasPrefix(transformationsFolder + "/") && path.hasSuffix(".json"))
        case 3:
            return path.hasSuffix(".json")
                && (path.hasPrefix(flowsFolder + "/") || path.hasPrefix(connectionsFolder + "/") || path.hasPrefix(notificationsFolder + "/"))
        default: return false
        }
    }

    /// Document paths in listing order, folder by folder: the manifest, environment variables, flows, connections,
    /// notifications; inside a folder, by name (a folder's files before the next folder's).
    public static func sortedForListing(_ paths: some Sequence<String>) -> [String] {
        let folders = [manifestPath, environmentVariablesPath, flowsFolder, connectionsFolder, notificationsFolder, transformationsFolder]
        func key(_ path: String) -> [UInt8] {
            let rank = folders.firstIndex { path == $0 || path.hasPrefix($0 + "/") } ?? folders.count
            // `/` sorts before every character a name can hold, so `a/x` comes before `a-b/x`.
            return [UInt8(rank)] + path.utf8.map { $0 == UInt8(ascii: "/") ? 0 : $0 }
        }
        return paths.map { (key($0), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
    }

    /// The kind a document at `path` must have, or nil when the path holds no Sluice document.
    public static func kind(at path: String) -> DocumentKind? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        switch parts.count {
        case 1 where parts[0] == manifestPath: return .manifest
        case 2 where path == environmentVariablesPath: return .environmentVariables
        case 2 where parts[0] == transformationsFolder && parts[1].hasSuffix(".json"): return .transformation
        case 3 where parts[0] == flowsFolder && parts[2] == "flow.json": return .flow
        case 3 where parts[0] == flowsFolder && parts[2] == "secrets.json": return .flowSecrets
        case 3 where parts[0] == connectionsFolder && parts[2].hasSuffix(".json"): return .connection
        case 3 where parts[0] == notificationsFolder && parts[2].hasSuffix(".json"): return .notification
        default: return nil
        }
    }
}
