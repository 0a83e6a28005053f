import SluiceDocuments
import SluiceGit
import SluiceJSON
import SluiceSync

/// Why the workspace's state does not allow an operation. Each case names what is in the way.
public enum Refusal: Sendable, CustomStringConvertible {
    // Stopped merges.
    /// A sync, promotion or import update waits for conflicts to be resolved.
    case mergeStopped
    /// `--continue`, `--abort` or `resolve` with nothing stopped.
    case noStoppedMerge(StoppedMergeAction)
    /// `--continue` while conflicts are still open.
    case conflictsLeft(count: Int, first: DocumentConflict)
    /// The environment moved since the merge stopped.
    case movedSinceStop(SyncState.Operation)
    /// Files other than the conflicted documents were edited while the merge waited.
    case editsOutsideConflicts([String])
    /// The conflicts come from `git merge` with the merge driver: git finishes it.
    case conflictsFromGitMerge
    /// A whole-file resolution or a resolved document is not JSON.
    case notJSON(path: String, JSONSyntaxError)
    /// The stopped merge's record names a commit that does not parse.
    case damagedState(path: String)

    // Branches and history.
    /// HEAD is not on an environment branch.
    case detachedHead
    /// The two histories share no commit.
    case unrelatedHistories(String, String)
    /// An environment without any commit.
    case noCommits(environment: String)
    /// Edits not committed yet stand in the way.
    case uncommittedEdits([String])

    // Environments.
    case environmentExists(String)
    case currentEnvironment(String)
    case environmentWithoutManifest(String)
    /// `promote --to` names an environment other than the one checked out.
    case promoteElsewhere(target: String)

    // Remotes.
    case noRemote
    case severalRemotes([String])
    case remoteExists(String)

    // Documents in use.
    /// Something still uses what is being removed (where, as `path: pointer`).
    case stillUsed(what: String, uses: [String])
    /// A flow other flows call.
    case calledByOtherFlows(flow: String, callers: [String])
    /// A connection flows use.
    case connectionInUse(connection: String, flows: [String])
    /// A block type that takes no connection.
    case blockTakesNoConnection(blockType: String)
    /// A connection of another app than the block needs.
    case wrongApp(connection: String, app: String, block: String, needs: String)
    /// A flow's secrets document belongs to another flow.
    case secretsOfAnotherFlow(path: String, owner: String, flow: String)

    // Sharing.
    case alreadyImported(flow: String, path: String, slug: String)
    case notImported(flow: String)
    case importBaseMissing(commit: String)

    // Keys and users.
    case keyFromEnvironment(action: String)
    case keyOpensNothing(fingerprint: String, used: [String])
    case unknownUser

    // Runs.
    case runOfAnotherFlow(run: String, flowName: String, query: String)

    /// What the user asked to do with a stopped merge.
    public enum StoppedMergeAction: Sendable {
        case continueIt, abort, resolve
    }

    public var description: String {
        switch self {
        case .mergeStopped:
            "a sync is waiting for conflicts to be resolved: `sluice conflicts`, `sluice resolve`, then `sluice sync --continue` (or --abort)"
        case .noStoppedMerge(.continueIt): "no sync is waiting; run `sluice sync`"
        case .noStoppedMerge(.abort): "no sync is waiting; nothing to abort"
        case .noStoppedMerge(.resolve): "no sync is waiting for conflicts to be resolved"
        case .conflictsLeft(let count, let first):
            "\(count) conflict(s) left, first \(first.path) \(first.conflict.pointer.display); settle each with `sluice resolve`"
        case .movedSinceStop(let operation):
            operation == .sync
                ? "the environment moved since the sync stopped; run `sluice sync --abort` and sync again"
                : "the environment moved since the \(operation.rawValue) stopped; run `sluice sync --abort` and \(operation.rawValue) again"
        case .editsOutsideConflicts(let paths):
            "edits outside the conflicted documents (\(paths.prefix(3).joined(separator: ", "))); undo them, finish the sync, then make them again"
        case .conflictsFromGitMerge:
            "these conflicts come from a git merge: edit the documents (they are valid JSON, ours kept), then `git add` and `git commit`"
        case .notJSON(let path, let error): "\(path):\(error.line):\(error.column): not valid JSON (\(error.message)); fix it first"
        case .damagedState(let path): "\(path) is damaged; run `sluice sync --abort`"
        case .detachedHead: "HEAD is detached; switch to an environment with `sluice env switch NAME`"
        case .unrelatedHistories(let one, let other): "\(one) and \(other) have unrelated histories; they cannot be merged"
        case .noCommits(let environment): "\(environment) has no commits"
        case .uncommittedEdits(let paths):
            "uncommitted edits (\(paths.prefix(3).joined(separator: ", "))\(paths.count > 3 ? ", …" : "")); commit them with `sluice commit -m` first"
        case .environmentExists(let name): "environment \(name) exists"
        case .currentEnvironment(let name): "\(name) is the current environment; switch to another first"
        case .environmentWithoutManifest(let name): "environment \(name) has no valid \(WorkspaceLayout.manifestPath)"
        case .promoteElsewhere(let target): "promote into \(target) from its own checkout: `sluice env switch \(target)` first"
        case .noRemote: "no remote to sync with; add one with `sluice remote add origin URL`"
        case .severalRemotes(let names): "several remotes (\(names.joined(separator: ", "))); name the one to sync with"
        case .remoteExists(let name): "a remote named \(name) exists; remove it first with `sluice remote remove \(name)`"
        case .stillUsed(let what, let uses):
            "\(what) is still used at \(uses.first ?? "")\(uses.count > 1 ? " (and \(uses.count - 1) more)" : ""); remove those uses first"
        case .calledByOtherFlows(let flow, let callers):
            "\"\(flow)\" is called by \(callers.map { "\"\($0)\"" }.joined(separator: ", ")); change those flows first"
        case .connectionInUse(let connection, let flows):
            "connection \"\(connection)\" is used by \(flows.map { "\"\($0)\"" }.joined(separator: ", ")); use --force to remove it and unbind those blocks"
        case .blockTakesNoConnection(let type): "a \(type) block takes no connection"
        case .wrongApp(let connection, let app, let block, let needs): "\"\(connection)\" is a \(app) account; block \"\(block)\" needs \(needs)"
        case .secretsOfAnotherFlow(let path, let owner, let flow): "\(path) belongs to flow \(owner), not \(flow)"
        case .alreadyImported(let flow, let path, let slug):
            "flow \(flow) is here already (\(path)); update it with `sluice import --update \(slug)`"
        case .notImported(let flow): "\"\(flow)\" was not imported; nothing to update from"
        case .importBaseMissing(let commit): "the version imported last (\(commit.prefix(10))) is not available; import the flow again"
        case .keyFromEnvironment(let action): "cannot \(action) while SLUICE_KEY is set; unset it, then update it with `sluice key export`"
        case .keyOpensNothing(let fingerprint, let used):
            "key \(fingerprint) opens none of this workspace's secrets (they use \(used.joined(separator: ", "))); use --force to install it anyway"
        case .unknownUser: "who are you? set SLUICE_USER or `git config user.email`"
        case .runOfAnotherFlow(let run, let flowName, let query): "run \(run) belongs to flow \(flowName), not \(query)"
        }
    }
}

/// Why a remote (or a shared flow's repository) could not be used. The libgit2 error stays the cause.
public enum RemoteFailure: Sendable, CustomStringConvertible {
    /// The remote rejected the credentials.
    case credentialsRejected(remote: String, url: String, GitError)
    /// The remote cannot be reached.
    case unreachable(remote: String, url: String, GitError)
    /// The remote holds no Sluice workspace (`branch`: on that branch; nil: on none of its branches).
    case notAWorkspace(remote: String, branch: String?)
    /// A shared flow's environment cannot be fetched.
    case fetchFailed(url: String, environment: String, GitError)
    /// A shared flow's repository has no such environment.
    case noEnvironment(url: String, environment: String)

    public var description: String {
        switch self {
        case .credentialsRejected(let remote, let url, _):
            "\(remote) (\(url)) rejected the credentials; check $SLUICE_GIT_TOKEN, your ssh keys or git's credential helper"
        case .unreachable(let remote, let url, let error): "cannot reach \(remote) (\(url)): \(error.message)"
        case .notAWorkspace(let remote, nil):
            "\(remote) is not a Sluice workspace (none of its branches has \(WorkspaceLayout.manifestPath))"
        case .notAWorkspace(let remote, let branch?):
            "\(remote)/\(branch) is not a Sluice workspace (it has no \(WorkspaceLayout.manifestPath))"
        case .fetchFailed(let url, let environment, let error): "cannot fetch \(environment) from \(url): \(error.message)"
        case .noEnvironment(let url, let environment): "\(url) has no environment \(environment)"
        }
    }
}
