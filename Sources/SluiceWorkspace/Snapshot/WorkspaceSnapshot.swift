import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

/// What one operation reads of a workspace, read once and passed along: git's status, the facts of every document
/// (from the cache where git holds them), the workspace's problems, and documents parsed on demand.
///
/// Owns a repository handle, so it is not `Sendable`: it lives inside one operation of one task.
final class WorkspaceSnapshot {
    let context: WorkspaceContext
    let repository: Repository
    private var cachedStatus: [StatusEntry]?
    private var cachedListing: WorkTreeDocuments?
    private var cachedFacts: [DocumentFacts]?
    private var cachedProblems: [Problem]?
    private var parsed: [String: ParsedDocument] = [:]
    /// The document cache, read on another thread from the moment the snapshot is taken.
    private var cacheRead: DocumentCacheRead?

    init(context: WorkspaceContext, repository: Repository) {
        self.context = context
        self.repository = repository
    }

    /// git's status of the work tree.
    func status() throws(WorkspaceError) -> [StatusEntry] {
        if let cachedStatus { return cachedStatus }
        let status = try lift { try repository.status() }
        cachedStatus = status
        return status
    }

    /// The document files of the work tree.
    var listing: WorkTreeDocuments {
        if let cachedListing { return cachedListing }
        startReadingCache()
        let listing = WorkTreeDocuments.list(
            root: context.root, repository: repository, status: { try self.status() }, notices: context.notices)
        cachedListing = listing
        return listing
    }

    /// The facts of every document, without cross-document problems, in listing order.
    var facts: [DocumentFacts] {
        if let cachedFacts { return cachedFacts }
        let listing = listing
        let facts = DocumentFactsReader(root: context.root, notices: context.notices)
            .facts(of: listing, cache: cacheRead ?? DocumentCacheRead(path: context.absolute(DocumentFactsReader.cachePath)))
        cacheRead = nil
        cachedFacts = facts
        return facts
    }

    /// The facts of the documents of some kinds (stray JSON files in flow folders go with flows).
    func facts(of kinds: Set<DocumentKind>) -> [DocumentFacts] {
        guard kinds.count < DocumentKind.allCases.count else { return facts }
        let paths = Set(listing.paths(of: kinds))
        return facts.filter { paths.contains($0.path) }
    }

    /// Every problem in the workspace: each document's own and the cross-document ones, located and in reading order,
    /// document by document; a missing manifest too.
    var problems: [Problem] {
        if let cachedProblems { return cachedProblems }
        let facts = facts
        var problems: [Problem] = []
        for (document, crossProblems) in zip(facts, WorkspaceChecker.problems(facts)) {
            guard !crossProblems.isEmpty else {
                problems += document.problems
                continue
            }
            problems += (document.problems + crossProblems).located(in: (try? bytes(at: document.path)) ?? [])
        }
        if !FileManager.default.fileExists(atPath: context.absolute(WorkspaceLayout.manifestPath)) {
            problems.append(Problem(path: WorkspaceLayout.manifestPath, message: "missing environment manifest"))
        }
        cachedProblems = problems
        return problems
    }

    /// The errors of one document, its own and those it has with others (a reference to a missing connection).
    func errors(at path: String) -> [Problem] {
        problems.filter { $0.path == path && $0.severity == .error }
    }

    /// The document at `path`, parsed once (an unreadable file parses as an empty one, with its error).
    func document(at path: String) -> ParsedDocument {
        if let document = parsed[path] { return document }
        let document = DocumentParser.parse(path: path, inWorkspace: context.root)
        parsed[path] = document
        return document
    }

    /// The documents of `kinds` in the work tree, parsed on every core; the invalid ones are reported as skipped.
    func documents(of kinds: Set<DocumentKind>) -> [ParsedDocument] {
        let paths = listing.paths(of: kinds)
        let missing = paths.filter { parsed[$0] == nil }
        for document in DocumentFactsReader.parse(missing, root: context.root) { parsed[document.path] = document }
        let documents = paths.compactMap { parsed[$0] }
        documents.forEach(reportIfSkipped)
        return documents
    }

    /// Tells the user that an invalid document was left out.
    func reportIfSkipped(_ document: ParsedDocument) {
        if let error = document.problems.first(where: { $0.severity == .error }) { context.notices.notice(.skippedInvalidDocument(error)) }
    }

    /// Tells the user that the document these facts describe was left out.
    func reportSkipped(_ facts: DocumentFacts) {
        if let error = facts.problems.first(where: { $0.severity == .error }) { context.notices.notice(.skippedInvalidDocument(error)) }
    }

    /// The bytes of a document file of the work tree (see ``WorkspaceContext/documentBytes(at:)``).
    func bytes(at path: String) throws(WorkspaceError) -> [UInt8] { try context.documentBytes(at: path) }

    /// A valid document of a kind, or its errors (a missing file is `nil`).
    func existingDocument(at path: String) throws(WorkspaceError) -> AnyDocument? {
        guard FileManager.default.fileExists(atPath: context.absolute(path)) else { return nil }
        let parsed = document(at: path)
        guard let document = parsed.document else { throw .invalidDocuments(parsed.problems.filter { $0.severity == .error }) }
        return document
    }

    /// Where a stopped merge's record lives.
    var syncStates: SyncStateStore { SyncStateStore(root: context.root, gitDirectory: repository.gitDirectory) }

    /// Operations that commit refuse while a merge waits for conflicts: a commit then would move HEAD under the merge.
    func refuseDuringStoppedMerge() throws(WorkspaceError) {
        if syncStates.hasStoppedMerge { throw .refused(.mergeStopped) }
    }

    /// The environment checked out: the current branch.
    func currentEnvironment() throws(WorkspaceError) -> String {
        try lift { try repository.currentBranch() } ?? "(detached)"
    }

    /// The environment manifest.
    func manifest() throws(WorkspaceError) -> Manifest {
        let parsed = document(at: WorkspaceLayout.manifestPath)
        guard case .manifest(let manifest)? = parsed.document else { throw .invalidDocuments(parsed.problems) }
        return manifest
    }

    /// Starts reading the document cache on another thread, for an operation that will need the facts after asking git
    /// for the status.
    func startReadingCache() {
        if cacheRead == nil, cachedFacts == nil { cacheRead = DocumentCacheRead(path: context.absolute(DocumentFactsReader.cachePath)) }
    }
}
