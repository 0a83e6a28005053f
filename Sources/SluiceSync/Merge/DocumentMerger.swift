import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceMerge

/// Merges three versions of one JSON file, as `sluice merge-file`, the git merge driver and the sync engine do.
///
/// Strict JSON on every side merges structurally with its kind's rules (docs/merge.md); a merged Sluice document then
/// gets the checks one document gets alone, and a rule that only the combination breaks becomes a conflict. A side
/// that is not strict JSON (comments, a duplicate key, a trailing comma, a file cut short) cannot be merged by
/// structure: the file is merged line by line as git does, so Sluice never does worse than git.
public enum DocumentMerger {
    /// The versions of one file to merge; nil or blank stands for a side where the file is absent.
    public struct Input: Sendable {
        public var base: [UInt8]?
        public var ours: [UInt8]?
        public var theirs: [UInt8]?
        /// Where the file lives in the workspace, when known: it decides the document's kind and canonical form.
        public var path: String?
        /// How errors name each version (file names for `merge-file`, the document path for the driver).
        public var names: (base: String, ours: String, theirs: String)

        /// Three versions named by `names`, of the document at `path` when given.
        public init(base: [UInt8]?, ours: [UInt8]?, theirs: [UInt8]?, path: String? = nil, names: (base: String, ours: String, theirs: String)) {
            self.base = base
            self.ours = ours
            self.theirs = theirs
            self.path = path
            self.names = names
        }
    }

    /// The versions in three files, as `git merge-file` and git's merge driver hand them over; `path` names the
    /// document in the workspace when known, and the files are named after it in errors.
    public static func input(base: String, ours: String, theirs: String, path: String?) throws(SyncError) -> Input {
        func read(_ file: String) throws(SyncError) -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: file) else { throw .file(FileError(path: file, reason: "cannot read file")) }
            return Array(data)
        }
        return Input(
            base: try read(base), ours: try read(ours), theirs: try read(theirs), path: path, names: (path ?? base, path ?? ours, path ?? theirs))
    }

    /// Merges the input. Throws only when git's line merge itself fails.
    public static func merge(_ input: Input) throws(SyncError) -> DocumentMergeOutcome {
        let sides: (JSONValue?, JSONValue?, JSONValue?)
        do {
            sides = (
                try parse(input.base, side: .base, name: input.names.base), try parse(input.ours, side: .ours, name: input.names.ours),
                try parse(input.theirs, side: .theirs, name: input.names.theirs)
            )
        } catch {
            return try lineMerge(input, because: error)
        }
        let kind = input.path.flatMap(WorkspaceLayout.kind(at:)) ?? DocumentMergePolicies.kind(named: sides.1 ?? sides.2 ?? sides.0)
        let result = JSONMerge.merge(base: sides.0, ours: sides.1, theirs: sides.2, policy: DocumentMergePolicies.policy(for: kind))
        var conflicts = result.conflicts.map(Conflict.init)
        guard let value = result.value else { return .structural(bytes: nil, conflicts: conflicts) }
        guard let kind else { return .structural(bytes: value.canonicalBytes(), conflicts: conflicts) }
        let path = input.path ?? MergedDocumentCheck.representativePath(for: kind)
        // One check of the merged value serves both the broken rules and the canonical form.
        let checked = DocumentParser.check(value, kind: kind, path: path)
        let ordered = checked.decoded?.canonicalValue(holding: value, at: path) ?? AnyDocument.canonicalOrder(of: value, kind: kind, at: path)
        conflicts += MergedDocumentCheck.brokenRules(in: checked, ours: sides.1, theirs: sides.2, kind: kind, path: path)
            .filter { broken in !conflicts.contains { $0.pointer == broken.pointer } }
        let bytes = (ordered ?? value).canonicalBytes()
        if let tooLarge = MergedDocumentCheck.sizeLimit(merged: bytes, ours: input.ours, theirs: input.theirs) { conflicts.append(tooLarge) }
        return .structural(bytes: bytes, conflicts: conflicts)
    }

    /// git's line merge of the raw bytes, for a side that is not strict JSON.
    private static func lineMerge(_ input: Input, because reason: NotStrictJSON) throws(SyncError) -> DocumentMergeOutcome {
        do {
            let merged = try LineMerge.merge(
                base: input.base ?? [], ours: input.ours ?? [], theirs: input.theirs ?? [],
                labels: (input.names.base, input.names.ours, input.names.theirs))
            return .lines(merged, reason: reason)
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .git(GitError(code: -1, errorClass: 0, message: "\(error)", function: "git_merge_file"))
        }
    }

    private static func parse(_ bytes: [UInt8]?, side: NotStrictJSON.Side, name: String) throws(NotStrictJSON) -> JSONValue? {
        guard let bytes, bytes.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { return nil }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw NotStrictJSON(side: side, name: name, error: error)
        }
    }
}

/// What merging one file produced.
public enum DocumentMergeOutcome: Sendable {
    /// A structural merge: the merged bytes in canonical form (nil when the merge deletes the file) and the conflicts,
    /// at each of which the bytes hold ours.
    case structural(bytes: [UInt8]?, conflicts: [Conflict])
    /// A side was not strict JSON, so git's line merge ran; its result may hold conflict markers.
    case lines(LineMerge.Result, reason: NotStrictJSON)

    /// The merged bytes; nil when the merge deletes the file.
    public var bytes: [UInt8]? {
        switch self {
        case .structural(let bytes, _): bytes
        case .lines(let result, _): result.bytes
        }
    }

    /// Whether nothing is left for a person to decide.
    public var isClean: Bool {
        switch self {
        case .structural(_, let conflicts): conflicts.isEmpty
        case .lines(let result, _): result.isClean
        }
    }

    /// The conflicts to record: a line merge that left markers is one whole-file conflict.
    public var conflicts: [Conflict] {
        switch self {
        case .structural(_, let conflicts): conflicts
        case .lines(let result, _): result.isClean ? [] : [Conflict.wholeFile(.notJSON)]
        }
    }

    /// The number of places left for a person to decide.
    public var conflictCount: Int {
        switch self {
        case .structural(_, let conflicts): conflicts.count
        case .lines(let result, _): result.conflicts
        }
    }
}

/// A version that is not strict JSON, which the structural merge cannot read.
public struct NotStrictJSON: Error, Sendable, CustomStringConvertible {
    /// Which version it is.
    public enum Side: String, Sendable { case base, ours, theirs }
    public var side: Side
    /// The name the version goes by (a file name or the document's path).
    public var name: String
    public var error: JSONSyntaxError

    public var description: String { "\(name):\(error.line):\(error.column): \(side.rawValue) version is not strict JSON: \(error.message)" }
}
