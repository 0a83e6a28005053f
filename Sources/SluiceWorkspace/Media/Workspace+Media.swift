import Foundation
import SluiceDocuments
import SluiceMedia

extension Workspace {
    /// The media library of the environment checked out, in `.sluice/media/<environment>/` (never committed).
    public func mediaLibrary() throws -> MediaLibrary {
        let environment = try currentEnvironment()
        do { return try MediaLibrary(root: absolute(WorkspaceLayout.localStateFolder + "/media/" + environment)) } catch {
            throw WorkspaceError.refused(error.description)
        }
    }
}
