import Foundation
import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

/// The record of a branch move in progress (`.sluice/branch-move.json`): a sync, a promotion or a fast-forward writes
/// the work tree first and moves the branch last. Killed in between, the work tree holds files of a commit the branch
/// does not point at; left alone, the next sync would commit them as hand edits and undo what others did since. The
/// next process to take the workspace lock puts those files back.
struct BranchMove: Codable, Equatable {
    var branch: String
    var from: String?
    var to: String

    static let path = "branch-move.json"
}

extension WorkspaceSnapshot {
    /// Checks out `commit` and then moves the branch to it by compare-and-swap, recording the move while it runs so
    /// that a kill in between is undone by the next process (see ``BranchMove``), never committed as hand edits.
    func moveBranch(_ branch: String, to commit: ObjectID, from expected: ObjectID?) throws(WorkspaceError) {
        let record = context.localStatePath(BranchMove.path)
        let move = BranchMove(branch: branch, from: expected?.description, to: commit.description)
        try lift {
            try AtomicFile.write(Array(try JSONValueEncoder().encode(move).canonicalBytes()), to: record)
            // A hand edit saved meanwhile stops the operation instead of being overwritten.
            try WorkTreeWriter(repository: repository, root: context.root).update(from: expected, to: commit)
            try repository.updateReference(
                "refs/heads/\(branch)", to: commit, expected: expected, logMessage: "sync: \(commit.description.prefix(10))")
        }
        try? AtomicFile.remove(record, pruningUpTo: context.localStatePath(""))
    }
}

extension WorkspaceContext {
    /// Finishes what a process killed during a branch move left: when the branch did not move, the files the move
    /// wrote get their content before it back. The caller holds the lock.
    func recoverInterruptedBranchMove() {
        let record = localStatePath(BranchMove.path)
        guard let data = FileManager.default.contents(atPath: record) else { return }
        defer { try? AtomicFile.remove(record, pruningUpTo: localStatePath("")) }
        guard let value = try? JSONParser.parse(Array(data)), let move = try? JSONValueDecoder().decode(BranchMove.self, from: value),
            let target = ObjectID(hex: move.to), let repository = try? repository()
        else { return }
        let from = move.from.flatMap(ObjectID.init(hex:))
        guard let current = try? repository.resolveReference("refs/heads/\(move.branch)"), current == from || (current == nil && from == nil)
        else { return }
        do {
            let kept = try WorkTreeWriter(repository: repository, root: root).rollBack(from: from, to: target)
            notices.notice(.interruptedMoveUndone(branch: move.branch, keptEdits: kept))
        } catch {
            notices.notice(.interruptedMoveLeft(branch: move.branch, reason: "\(error)"))
        }
    }
}
