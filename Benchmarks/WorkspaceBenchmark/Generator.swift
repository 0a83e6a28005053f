import BenchmarkSupport
import Foundation
import SluiceDocuments
import SluiceGit
import SluiceWorkspace

/// A workspace of generated flows, committed, and what it cost to make.
struct GeneratedWorkspace {
    /// The work tree's absolute path.
    var root: String
    var flows: Int
    /// Files in the work tree, `.git` and `.sluice` excluded.
    var files: Int
    /// Their total size.
    var bytes: Int64
    /// The size of `.git` (one commit holding everything).
    var gitBytes: Int64
    /// `WorkspaceService.create`: repository, manifest, schemas, key, first commit.
    var createSeconds: Double
    /// Building, encoding and writing the flow documents.
    var writeSeconds: Double
    /// Staging and committing them in one commit.
    var commitSeconds: Double

    var generationSeconds: Double { createSeconds + writeSeconds + commitSeconds }
}

/// Builds a large, realistic workspace quickly: flows from the templates, written with plain file
/// writes and committed once, instead of one `createFlow` (and one commit) per flow.
enum Generator {
    /// Creates a workspace at `root` holding `count` flows, cycling through `FlowTemplates.all`.
    static func generate(flows count: Int, at root: String, environment: [String: String]) throws -> GeneratedWorkspace {
        let clock = ContinuousClock()
        var start = clock.now
        let workspace = try WorkspaceService.create(at: root, processEnvironment: environment)
        let createSeconds = (clock.now - start).seconds

        start = clock.now
        let templates = FlowTemplates.all
        guard !templates.isEmpty else { throw BenchmarkFailure("FlowTemplates.all is empty: nothing to generate flows from") }
        var taken = Set<String>()
        for index in 1...count {
            let flow = templates[(index - 1) % templates.count].makeFlow(named: "Flow \(index)")
            let slug = Slug.unique(Slug.make(from: flow.name, fallback: "flow"), taken: taken)
            taken.insert(slug)
            let path = WorkspaceLayout.flowPath(slug: slug)
            let bytes = try AnyDocument.flow(flow).canonicalBytes(at: path)
            let file = URL(fileURLWithPath: workspace.absolute(path))
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file)
        }
        let writeSeconds = (clock.now - start).seconds

        start = clock.now
        let repository = try Repository.open(at: workspace.root)
        let signature = try repository.defaultSignature(environment: environment)
        guard try repository.commitAll(message: "benchmark: generate \(count) flows", signature: signature) != nil else {
            throw BenchmarkFailure("committing the generated flows made no commit")
        }
        let commitSeconds = (clock.now - start).seconds

        let workTree = size(of: workspace.root, skipping: [".git", WorkspaceLayout.localStateFolder])
        let git = size(of: workspace.root + "/.git", skipping: [])
        return GeneratedWorkspace(
            root: workspace.root, flows: count, files: workTree.files, bytes: workTree.bytes, gitBytes: git.bytes,
            createSeconds: createSeconds, writeSeconds: writeSeconds, commitSeconds: commitSeconds
        )
    }

    /// Renames the first `count` generated flows in their files, as a person editing by hand would, without committing.
    static func editFlows(_ count: Int, in root: String) throws {
        guard count > 0 else { return }
        for index in 1...count {
            let path = root + "/" + WorkspaceLayout.flowPath(slug: "flow-\(index)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let edited = text.replacingOccurrences(of: "\"name\": \"Flow \(index)\"", with: "\"name\": \"Flow \(index) (edited)\"")
            guard edited != text else { throw BenchmarkFailure("\(path) does not hold the generated flow name \"Flow \(index)\"") }
            try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Regular files under `folder` and their total size, leaving out top-level entries named in `skipping`.
    static func size(of folder: String, skipping: Set<String>) -> (files: Int, bytes: Int64) {
        let base = URL(fileURLWithPath: folder)
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey]
        guard let entries = FileManager.default.enumerator(at: base, includingPropertiesForKeys: keys) else { return (0, 0) }
        var files = 0
        var bytes: Int64 = 0
        for case let url as URL in entries {
            if skipping.contains(url.lastPathComponent), url.deletingLastPathComponent().standardizedFileURL == base.standardizedFileURL {
                entries.skipDescendants()
                continue
            }
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            files += 1
            bytes += Int64(values.fileSize ?? 0)
        }
        return (files, bytes)
    }
}
