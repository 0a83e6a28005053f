import Foundation
import SluiceDocuments
import SluiceMedia

/// The media library of the environment checked out, in `.sluice/media/<environment>/` (never committed).
public struct MediaService: Sendable {
    let context: WorkspaceContext

    /// The media of the workspace at `context`.
    public init(_ context: WorkspaceContext) { self.context = context }

    /// The library of the current environment.
    public func library() throws(WorkspaceError) -> MediaLibrary {
        try Self.library(context, environment: context.snapshot().currentEnvironment())
    }

    /// Assets matching a query of the search language (all of them for an empty query), newest first.
    public func search(_ query: String, limit: Int? = nil) throws(WorkspaceError) -> [Asset] {
        let library = try library()
        return try lift { try library.search(query, limit: limit) }
    }

    /// Assets in a folder (with `/*`, its subfolders too), or all of them.
    public func list(folder: String? = nil, limit: Int? = nil) throws(WorkspaceError) -> [Asset] {
        try search(folder.map { "folder:\"\($0)\"" } ?? "", limit: limit)
    }

    /// One asset and the path of its file.
    public func asset(_ publicID: String) throws(WorkspaceError) -> (asset: Asset, file: String) {
        let library = try library()
        let asset = try lift { try library.asset(publicID) }
        return (asset, library.filePath(of: asset))
    }

    /// Removes assets (their files too, when no other asset shares them).
    public func delete(_ publicIDs: [String]) throws(WorkspaceError) {
        let library = try library()
        for publicID in publicIDs { try lift { try library.delete(publicID) } }
    }

    static func library(_ context: WorkspaceContext, environment: String) throws(WorkspaceError) -> MediaLibrary {
        try lift { try MediaLibrary(root: context.localStatePath("media/" + environment)) }
    }
}
