import Foundation
import SluiceDocuments

extension WorkspaceSnapshot {
    /// The named transformation `name` of this environment, or nil when there is none (or it is invalid).
    func namedTransformation(_ name: String) -> Transformation? {
        guard NamedTransformation.nameProblem(name) == nil else { return nil }
        let parsed = document(at: WorkspaceLayout.transformationPath(name: name))
        guard case .transformation(let named)? = parsed.document else { return nil }
        return try? Transformation.parse(named.transformation)
    }

    /// Every valid named transformation of this environment, by name.
    func namedTransformations() -> [String: Transformation] {
        var result: [String: Transformation] = [:]
        // Most workspaces have none: no listing (a git status) is needed to find that out.
        guard FileManager.default.fileExists(atPath: context.absolute(WorkspaceLayout.transformationsFolder)) else { return result }
        for path in listing.paths(of: [.transformation]) {
            let name = WorkspaceLayout.transformationName(at: path)
            result[name] = namedTransformation(name)
        }
        return result
    }
}
