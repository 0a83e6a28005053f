import Foundation
import SluiceDocuments
import SluiceJSON

/// A named transformation as `sluice transformations` shows it.
public struct NamedTransformationRecord: Sendable, Encodable {
    public var name: String
    public var path: String
    /// The transformation as written; nil when the document cannot be read.
    public var transformation: String?
    public var description: String?
    /// The document's errors, when it has any.
    public var problems: [String]
}

/// Named transformations (`transformations/<name>.json`): list, show, set and delete, each change one commit.
public struct TransformationService: Sendable {
    let context: WorkspaceContext

    public init(_ context: WorkspaceContext) { self.context = context }

    /// Every named transformation of the environment, by name.
    public func list() throws(WorkspaceError) -> [NamedTransformationRecord] {
        let snapshot = try context.snapshot()
        return snapshot.listing.paths(of: [.transformation]).map { Self.record(at: $0, snapshot.document(at: $0)) }
    }

    /// One named transformation.
    public func show(_ name: String) throws(WorkspaceError) -> NamedTransformationRecord {
        let path = WorkspaceLayout.transformationPath(name: name)
        let snapshot = try context.snapshot()
        guard NamedTransformation.nameProblem(name) == nil, snapshot.listing.paths.contains(path) else {
            throw .notFound(.transformation, query: name)
        }
        return Self.record(at: path, snapshot.document(at: path))
    }

    /// Creates or changes a named transformation. The transformation must parse, and the named transformations it
    /// uses must exist (and not lead back to it).
    @discardableResult
    public func set(_ name: String, transformation text: String, description: String? = nil) throws(WorkspaceError) -> NamedTransformationRecord {
        if let problem = NamedTransformation.nameProblem(name) { throw .invalidInput(problem) }
        let path = WorkspaceLayout.transformationPath(name: name)
        return try context.mutate { snapshot, changes in
            let parsed: Transformation
            do { parsed = try Transformation.parse(text) } catch { throw WorkspaceError.invalidInput("transformation \(error)") }
            var named = snapshot.namedTransformations()
            // `Thumb` next to `thumb` would be one file on a case-insensitive file system (macOS, Windows clones).
            if let other = snapshot.listing.paths(of: [.transformation]).map(WorkspaceLayout.transformationName(at:)).first(where: {
                $0 != name && $0.lowercased() == name.lowercased()
            }) {
                throw WorkspaceError.invalidInput(
                    "a named transformation \"\(other)\" exists; names differing only in case would clash on some file systems")
            }
            named[name] = parsed
            do { _ = try parsed.expanded { named[$0] } } catch { throw WorkspaceError.invalidInput("transformation \(error)") }
            var document = NamedTransformation(transformation: text, description: description)
            if case .transformation(let existing)? = snapshot.document(at: path).document {
                document.id = existing.id
                document.description = description ?? existing.description
            }
            try changes.write(.transformation(document), to: path)
            return ("transformations: set \(name)", Self.record(at: path, DocumentParser.parse(path: path, bytes: try document.canonical(at: path))))
        }
    }

    /// Removes a named transformation; refused while flows or other named transformations use it.
    public func delete(_ name: String) throws(WorkspaceError) {
        let path = WorkspaceLayout.transformationPath(name: name)
        try context.mutate { snapshot, changes in
            guard NamedTransformation.nameProblem(name) == nil, snapshot.listing.paths.contains(path) else {
                throw WorkspaceError.notFound(.transformation, query: name)
            }
            let uses = snapshot.uses(of: .transformation, key: name, kinds: [.flow, .transformation])
            if !uses.isEmpty { throw WorkspaceError.refused(.stillUsed(what: "named transformation \(name)", uses: uses)) }
            changes.remove(path)
            return ("transformations: delete \(name)", ())
        }
    }

    static func record(at path: String, _ parsed: ParsedDocument) -> NamedTransformationRecord {
        let named: NamedTransformation? = if case .transformation(let document)? = parsed.document { document } else { nil }
        return NamedTransformationRecord(
            name: WorkspaceLayout.transformationName(at: path), path: path,
            transformation: named?.transformation ?? parsed.value?["transformation"]?.stringValue, description: named?.description,
            problems: parsed.problems.filter { $0.severity == .error }.map(\.description))
    }
}

extension NamedTransformation {
    fileprivate func canonical(at path: String) throws -> [UInt8] { try AnyDocument.transformation(self).canonicalBytes(at: path) }
}
