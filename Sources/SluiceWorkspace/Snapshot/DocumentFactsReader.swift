import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

/// Reads the facts of every document: a document whose content is the index's (so git holds it) comes from the
/// cache when it was seen before; the others are parsed, so the cost grows with what changed, not with the workspace.
struct DocumentFactsReader {
    /// Where the document cache lives, below the workspace root.
    static let cachePath = WorkspaceLayout.localStateFolder + "/cache/documents.sqlite"

    let root: String
    let notices: any NoticeSink

    /// The facts of the listed documents, in listing order, without cross-document problems. `cache` is the cache
    /// being read ahead (started before git was asked for the status).
    func facts(of listing: WorkTreeDocuments, cache: DocumentCacheRead) -> [DocumentFacts] {
        let paths = listing.paths
        let blobs = listing.unchanged
        var cached: [String: DocumentCache.Entry] = [:]
        do { cached = try cache.entries() } catch {
            notices.notice(.documentCacheUnavailable(reason: "\(Self.cachePath) cannot be read: \(PlainError.sentence(error))"))
        }
        var facts = [DocumentFacts?](repeating: nil, count: paths.count)
        var misses: [Int] = []
        for (index, path) in paths.enumerated() {
            if let blob = blobs[path], let entry = cached[path], entry.blob == blob.description {
                facts[index] = entry.facts
            } else {
                misses.append(index)
            }
        }
        var new: [DocumentCache.Entry] = []
        for (index, parsed) in zip(misses, Self.parse(misses.map { paths[$0] }, root: root)) {
            let parsedFacts = DocumentFacts(parsed)
            facts[index] = parsedFacts
            // Cache only what was read is what git holds: the file may have changed since the status was taken.
            if let blob = blobs[parsed.path], ObjectID(blobHashing: parsed.bytes) == blob {
                new.append(DocumentCache.Entry(blob: blob.description, facts: parsedFacts))
            }
        }
        let listed = Set(paths)
        let stale = cached.keys.filter { !listed.contains($0) }
        if !new.isEmpty || !stale.isEmpty {
            do { try DocumentCache.open(at: root + "/" + Self.cachePath).update(storing: new, removing: stale) } catch {
                notices.notice(.documentCacheUnavailable(reason: "\(Self.cachePath) cannot be updated: \(PlainError.sentence(error))"))
            }
        }
        return facts.compactMap { $0 }
    }

    /// Reads and parses documents on every core; parsing is pure, so the order of the result is the order of `paths`.
    static func parse(_ paths: [String], root: String) -> [ParsedDocument] {
        concurrentMap(paths) { path in
            DocumentParser.parse(path: path, inWorkspace: root)
        }
    }
}
