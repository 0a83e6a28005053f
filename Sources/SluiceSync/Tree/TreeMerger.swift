import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceMerge

/// What merging two commits' trees produced.
public struct TreeMergeResult: Sendable {
    /// The merged tree. Conflicted documents in it hold ours at each conflicting pointer.
    public var tree: ObjectID
    /// Conflicts by document path (the path in the merged tree, or where the document would be).
    public var conflicts: [String: [Conflict]]
    /// Paths whose content needed a three-way merge of documents changed on both sides.
    public var mergedPaths: [String]
    /// How many documents were parsed (changed on both sides, or rename candidates).
    public var parsedDocuments: Int
    /// Theirs' documents moved to a free path because ours put a different document (another id) at theirs' path.
    public var relocated: [String: String] = [:]
    /// Whether nothing is left unresolved.
    public var isClean: Bool { conflicts.isEmpty }
}

/// Merges the trees of two commits document by document (DESIGN §4): tree diffs against the merge base decide
/// per path; only documents changed on both sides are parsed and merged structurally; add/add, delete/modify
/// and renames are matched by document id rather than by path.
public struct TreeMerger {
    let repository: Repository
    private(set) var parsed = 0
    private var oursEntries: TreeLookup?

    /// A merger over `repository`'s objects.
    public init(repository: Repository) { self.repository = repository }

    /// Merges `theirs` into `ours` (commit ids) with `base` as the common ancestor (nil: unrelated histories).
    /// With `taking`, only theirs' changes to paths it accepts are merged (promote takes portable documents only).
    public mutating func merge(
        base: ObjectID?, ours: ObjectID, theirs: ObjectID, taking accepts: (String) -> Bool = { _ in true }
    ) throws(SyncError) -> TreeMergeResult {
        do {
            let baseTree = try base.map { try repository.commit($0).tree }
            let oursTree = try repository.commit(ours).tree
            let theirsTree = try repository.commit(theirs).tree
            oursEntries = TreeLookup(repository: repository, root: oursTree)
            let theirsChanges = try changes(baseTree, theirsTree).filter { accepts($0.key) }
            var plan = MergePlan(base: try changes(baseTree, oursTree), theirs: theirsChanges)
            try resolveRenames(&plan)
            for path in plan.pendingPaths() { try mergePath(path, &plan) }
            try runContentMerges(&plan)
            var clashes = FileFolderClashes(ours: oursEntries ?? TreeLookup(repository: repository, root: oursTree))
            try clashes.settle(&plan)
            let tree = try repository.writeTree(files: plan.writes, removing: plan.removals, base: oursTree, modes: plan.modes)
            return TreeMergeResult(
                tree: tree, conflicts: plan.conflicts, mergedPaths: plan.mergedPaths.sorted(), parsedDocuments: parsed,
                relocated: plan.relocated)
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError(error)
        }
    }

    /// Path → change from `old` to `new`, renames reported as a deletion and an addition.
    private func changes(_ old: ObjectID?, _ new: ObjectID) throws -> [String: FileChange] {
        var result: [String: FileChange] = [:]
        for change in try repository.diffTrees(old: old, new: new, detectRenames: false) {
            result[change.path] = FileChange(old: change.oldID, new: change.newID, oldMode: change.oldMode, newMode: change.newMode)
        }
        return result
    }

    // MARK: - Renames and identical additions, matched by document id

    private mutating func resolveRenames(_ plan: inout MergePlan) throws {
        let oursMoves = try moves(plan.ours)
        let theirsMoves = try moves(plan.theirs)
        for (old, newPath) in theirsMoves.renames.sorted(by: { $0.key < $1.key }) {
            guard let baseID = plan.theirs[old]?.old, let theirsID = plan.theirs[newPath]?.new else { continue }
            plan.handled.formUnion([old, newPath])
            if let oursNew = oursMoves.renames[old] {
                // Both moved the document: merge the contents at ours' location; theirs' location is dropped.
                plan.handled.insert(oursNew)
                try mergeContents(at: oursNew, base: baseID, ours: plan.ours[oursNew]?.new, theirs: theirsID, &plan)
            } else if let oursChange = plan.ours[old] {
                if let oursID = oursChange.new {
                    plan.removals.insert(old)
                    try mergeContents(at: newPath, base: baseID, ours: oursID, theirs: theirsID, &plan)
                } else if theirsID != baseID {
                    plan.record(newPath, [Conflict.wholeFile(.deleteModify)])
                }
            } else {
                plan.removals.insert(old)
                if let added = plan.ours[newPath], added.old == nil, let oursID = added.new, try differentDocuments(oursID, theirsID) {
                    try relocateTheirs(newPath, blob: theirsID, &plan)
                } else {
                    plan.writes[newPath] = theirsID
                }
            }
        }
        for (old, oursNew) in oursMoves.renames.sorted(by: { $0.key < $1.key }) where !plan.handled.contains(old) {
            plan.handled.formUnion([old, oursNew])
            if let added = plan.theirs[oursNew], added.old == nil, let theirsID = added.new, let oursID = plan.ours[oursNew]?.new,
                try differentDocuments(oursID, theirsID)
            {
                try relocateTheirs(oursNew, blob: theirsID, &plan)
            }
            guard let theirsChange = plan.theirs[old], let baseID = theirsChange.old else { continue }
            if let theirsID = theirsChange.new {
                try mergeContents(at: oursNew, base: baseID, ours: plan.ours[oursNew]?.new, theirs: theirsID, &plan)
            } else if plan.ours[oursNew]?.new == baseID {
                plan.removals.insert(oursNew)
            } else {
                plan.record(oursNew, [Conflict.wholeFile(.deleteModify)])
            }
        }
        // The same document added on both sides at different places (say, both imported one flow): merge at ours' place.
        for (id, theirsPath) in theirsMoves.added.sorted(by: { $0.value < $1.value }) {
            guard let oursPath = oursMoves.added[id], oursPath != theirsPath, !plan.handled.contains(theirsPath),
                !plan.handled.contains(oursPath),
                plan.ours[theirsPath] == nil, let oursID = plan.ours[oursPath]?.new, let theirsID = plan.theirs[theirsPath]?.new
            else { continue }
            plan.handled.formUnion([oursPath, theirsPath])
            try mergeContents(at: oursPath, base: nil, ours: oursID, theirs: theirsID, &plan)
        }
    }

    /// One side's renames (old path → new path) and its added documents by id.
    private mutating func moves(_ side: [String: FileChange]) throws -> (renames: [String: String], added: [String: String]) {
        var deletedByID: [String: String] = [:]
        var addedByID: [String: String] = [:]
        for (path, change) in side where path.hasSuffix(".json") {
            if change.new == nil, let old = change.old, let id = try documentID(old) { deletedByID[id] = path }
            if change.old == nil, let new = change.new, let id = try documentID(new) { addedByID[id] = path }
        }
        var renames: [String: String] = [:]
        for (id, old) in deletedByID { if let new = addedByID[id] { renames[old] = new } }
        return (renames, addedByID)
    }

    private mutating func documentID(_ blob: ObjectID) throws -> String? {
        parsed += 1
        return (try? JSONParser.parse(repository.blob(blob)))?["id"]?.stringValue
    }

    // MARK: - Two documents, one path

    /// Whether two blobs are documents with different ids (so they must not be merged into one).
    private mutating func differentDocuments(_ one: ObjectID, _ other: ObjectID) throws -> Bool {
        guard let first = try documentID(one), let second = try documentID(other) else { return false }
        return first != second
    }

    /// Writes theirs' document at a free path next to `path`: a flow's whole folder moves to `<slug>-2`, other
    /// documents to `<name>-2.json`. Later additions of theirs in a moved folder follow it.
    private mutating func relocateTheirs(_ path: String, blob: ObjectID, _ plan: inout MergePlan) throws {
        let parts = path.split(separator: "/").map(String.init)
        let target: String
        if parts.count == 3, parts[0] == WorkspaceLayout.flowsFolder {
            let folder = "\(parts[0])/\(parts[1])"
            if let moved = plan.relocatedFolders[folder] {
                target = "\(moved)/\(parts[2])"
            } else {
                var counter = 2
                while try folderIsTaken("\(folder)-\(counter)", plan) { counter += 1 }
                plan.relocatedFolders[folder] = "\(folder)-\(counter)"
                target = "\(folder)-\(counter)/\(parts[2])"
            }
        } else {
            let stem = path.hasSuffix(".json") ? String(path.dropLast(5)) : path
            var counter = 2
            while try pathIsTaken("\(stem)-\(counter).json", plan) { counter += 1 }
            target = "\(stem)-\(counter).json"
        }
        plan.writes[target] = blob
        plan.relocated[path] = target
    }

    private mutating func folderIsTaken(_ folder: String, _ plan: MergePlan) throws -> Bool {
        let prefix = folder + "/"
        if plan.writes.keys.contains(where: { $0.hasPrefix(prefix) }) || plan.theirs.keys.contains(where: { $0.hasPrefix(prefix) }) { return true }
        for name in ["flow.json", "secrets.json"] where try pathIsTaken(prefix + name, plan) { return true }
        return false
    }

    private mutating func pathIsTaken(_ path: String, _ plan: MergePlan) throws -> Bool {
        if plan.writes[path] != nil || plan.theirs[path] != nil { return true }
        return try oursEntries?.entry(atPath: path)?.kind == .blob
    }

    // MARK: - Paths

    private mutating func mergePath(_ path: String, _ plan: inout MergePlan) throws {
        let ours = plan.ours[path]
        guard let theirs = plan.theirs[path] else { return }
        guard let ours else {
            if let new = theirs.new {
                let target = plan.relocatedPath(path, added: theirs.old == nil)
                plan.writes[target] = new
                plan.modes[target] = theirs.newMode
            } else {
                plan.removals.insert(path)
            }
            return
        }
        if ours.new == theirs.new {
            // Both made the same content: a mode only one side changed is taken, which needs the file written anew.
            if ours.newMode != theirs.newMode, let same = ours.new, try mergeMode(at: path, ours: ours, theirs: theirs, &plan),
                plan.modes[path] != nil
            {
                plan.writes[path] = same
            }
            return
        }
        if ours.old == nil, theirs.old == nil, let oursID = ours.new, let theirsID = theirs.new, try differentDocuments(oursID, theirsID) {
            // Two different documents created at one path (two flows given the same name): keep both.
            try relocateTheirs(path, blob: theirsID, &plan)
            return
        }
        if ours.new != nil, theirs.new != nil, ours.newMode != theirs.newMode {
            guard try mergeMode(at: path, ours: ours, theirs: theirs, &plan) else { return }
        }
        try mergeContents(at: path, base: theirs.old ?? ours.old, ours: ours.new, theirs: theirs.new, &plan)
    }

    /// Three-way merge of a file's mode (executable bit, symbolic link), as git does: one side's change is taken; both
    /// sides changing it differently, or a symbolic link against an edit, is a conflict that keeps ours. Returns
    /// whether the contents can still be merged.
    @discardableResult
    private func mergeMode(at path: String, ours: FileChange, theirs: FileChange, _ plan: inout MergePlan) throws -> Bool {
        let base = theirs.oldMode ?? ours.oldMode
        let link: UInt32 = 0o120000
        let involvesLink = [ours.newMode, theirs.newMode].contains(link) && ours.new != theirs.new
        if involvesLink || (ours.newMode != base && theirs.newMode != base) {
            plan.record(path, [Conflict.wholeFile(.fileMode)])
            return false
        }
        if ours.newMode == base { plan.modes[path] = theirs.newMode }
        return true
    }

    /// Three-way merge of one document's versions (nil: absent), written at `path`.
    private mutating func mergeContents(at path: String, base: ObjectID?, ours: ObjectID?, theirs: ObjectID?, _ plan: inout MergePlan) throws {
        plan.mergedPaths.insert(path)
        if ours == theirs || theirs == base {
            if let ours { plan.writes[path] = ours } else { plan.removals.insert(path) }
            return
        }
        if ours == base {
            if let theirs { plan.writes[path] = theirs } else { plan.removals.insert(path) }
            return
        }
        // Merged later, all together on every core; until then the path holds ours, so it counts as taken.
        if let ours { plan.writes[path] = ours }
        plan.contentMerges.append(ContentMerge(path: path, base: base, ours: ours, theirs: theirs))
    }

    /// Runs the three-way merges of documents changed on both sides: blobs are read and written here (libgit2's
    /// handle stays on this thread), the pure JSON merges run concurrently.
    private mutating func runContentMerges(_ plan: inout MergePlan) throws {
        let merges = plan.contentMerges
        guard !merges.isEmpty else { return }
        let repository = repository
        let read = { (id: ObjectID?) throws -> [UInt8]? in try id.map { try repository.blob($0) } }
        let inputs = try merges.map { merge in
            DocumentMerger.Input(
                base: try read(merge.base), ours: try read(merge.ours), theirs: try read(merge.theirs), path: merge.path,
                names: (merge.path, merge.path, merge.path))
        }
        parsed += 3 * merges.count
        let outcomes = concurrentMap(inputs) { input in Result { () throws(SyncError) in try DocumentMerger.merge(input) } }
        for (merge, outcome) in zip(merges, outcomes) {
            let path = merge.path
            switch try outcome.get() {
            case .structural(let bytes, let conflicts):
                if let bytes {
                    plan.writes[path] = try repository.writeBlob(bytes)
                } else {
                    plan.writes[path] = nil
                    plan.removals.insert(path)
                }
                plan.record(path, conflicts)
            case .lines(let merged, _) where merged.isClean:
                // Not strict JSON on some side, but git's line merge combines the two cleanly: as git would.
                plan.writes[path] = try repository.writeBlob(merged.bytes)
            case .lines:
                // Conflict markers never go into a document: keep ours whole. A side that deleted the file makes it a
                // delete/modify conflict, whatever the format.
                plan.record(path, [Conflict.wholeFile(merge.ours == nil || merge.theirs == nil ? .deleteModify : .notJSON)])
            }
        }
    }
}
