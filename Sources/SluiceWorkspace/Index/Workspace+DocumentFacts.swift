import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON

extension Workspace {
    /// Where the document cache lives.
    static let documentCachePath = WorkspaceLayout.localStateFolder + "/cache/documents.sqlite"

    /// The facts of every document in the work tree, without cross-document problems. A document whose content is
    /// the index's (so git holds it) comes from the cache when it was seen before; the others are parsed, so the cost
    /// grows with what changed, not with the workspace. `status` is the repository's status when the caller has it.
    public func documentFacts(kinds: Set<DocumentKind> = Set(DocumentKind.allCases), status: [StatusEntry]? = nil) -> [DocumentFacts] {
        let read = prefetchedDocumentCache ?? DocumentCacheRead(path: absolute(Self.documentCachePath))
        prefetchedDocumentCache = nil
        let listing = workTreeDocuments(status: status)
        let paths = listing.paths(of: kinds)
        let blobs = listing.unchanged
        var cached: [String: DocumentCache.Entry] = [:]
        do { cached = try read.entries() } catch {
            note("the document cache at \(Self.documentCachePath) cannot be read (\(error)); parsing every document")
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
        for (index, parsed) in zip(misses, Self.parseConcurrently(misses.map { paths[$0] }, root: root)) {
            let parsedFacts = DocumentFacts(parsed)
            facts[index] = parsedFacts
            // Cache only what was read is what git holds: the file may have changed since the status was taken.
            if let blob = blobs[parsed.path], ObjectID(blobHashing: parsed.bytes) == blob {
                new.append(DocumentCache.Entry(blob: blob.description, facts: parsedFacts))
            }
        }
        let listed = Set(paths)
        let stale = kinds.count == DocumentKind.allCases.count ? cached.keys.filter { !listed.contains($0) } : []
        if !new.isEmpty || !stale.isEmpty {
            do { try DocumentCache.open(at: absolute(Self.documentCachePath)).update(storing: new, removing: stale) } catch {
                note("the document cache at \(Self.documentCachePath) cannot be updated (\(error))")
            }
        }
        return facts.compactMap { $0 }
    }

    /// Starts reading the document cache, for a command that asks git for the status before it needs the facts.
    func prefetchDocumentFacts() {
        prefetchedDocumentCache = prefetchedDocumentCache ?? DocumentCacheRead(path: absolute(Self.documentCachePath))
    }

    /// Every problem in the workspace: each document's own (from ``documentFacts(kinds:status:)``) and the
    /// cross-document ones, located and in reading order, document by document.
    func workspaceProblems(status: [StatusEntry]? = nil) -> [Problem] {
        let facts = documentFacts(status: status)
        var problems: [Problem] = []
        for (document, crossProblems) in zip(facts, WorkspaceChecker.problems(facts)) {
            guard !crossProblems.isEmpty else {
                problems += document.problems
                continue
            }
            let bytes = FileManager.default.contents(atPath: absolute(document.path)).map(Array.init) ?? []
            problems += (document.problems + crossProblems).located(in: bytes)
        }
        return problems
    }
}
