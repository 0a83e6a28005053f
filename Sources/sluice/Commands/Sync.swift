import ArgumentParser
import Foundation
import SluiceJSON
import SluiceSync
import SluiceWorkspace

extension Sluice {
    struct RemoteCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remote", abstract: "Add, remove and list the remotes sync uses.",
            subcommands: [RemoteList.self, RemoteAdd.self, RemoteRemove.self], defaultSubcommand: RemoteList.self)
    }

    struct RemoteList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List remotes, with ahead/behind as of the last sync.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        func run() throws {
            let remotes = try SyncService(workspace.context()).remotes()
            if output.json { return try Output.json(remotes) }
            if remotes.isEmpty { Output.line("No remotes; add one with `sluice remote add origin URL`.") }
            for remote in remotes {
                let counts = remote.ahead.map { "  ahead \($0), behind \(remote.behind ?? 0)" } ?? "  (not synced yet)"
                Output.line("\(remote.name)  \(remote.url)\(counts)")
            }
        }
    }

    struct RemoteAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a remote: a bare repository path, file://, ssh://, user@host:path or https:// URL.",
            discussion:
                "ssh uses the ssh agent or ~/.ssh keys and checks ~/.ssh/known_hosts; https uses $SLUICE_GIT_TOKEN or git's credential helper.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The remote's name, e.g. origin.") var name: String
        @Argument(help: "Where it is.") var url: String
        func run() throws {
            try SyncService(workspace.context()).addRemote(name: name, url: url)
            Output.line("Added remote \(name)")
        }
    }

    struct RemoteRemove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a remote.")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The remote's name.") var name: String
        func run() throws {
            try SyncService(workspace.context()).removeRemote(name: name)
            Output.line("Removed remote \(name)")
        }
    }

    struct SyncCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Commit valid hand edits, fetch, merge document by document, and push.",
            discussion: """
                Fast-forwards when it can; otherwise merges only the documents changed on both sides, structurally
                (docs/merge.md). A push rejected because someone pushed meanwhile is merged and retried. On conflicts
                nothing is pushed: every document stays valid (ours kept at each conflict); list them with
                `sluice conflicts`, settle each with `sluice resolve`, then `sluice sync --continue`, or undo with --abort.
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "The remote (default: origin, or the only remote).") var remote: String?
        @Flag(name: .customLong("continue"), help: "Commit the merge after resolving every conflict, and push.") var continueSync = false
        @Flag(help: "Give up the stopped sync and restore the last commit.") var abort = false

        func validate() throws {
            if continueSync && abort { throw ValidationError("--continue and --abort exclude each other") }
            if (continueSync || abort) && remote != nil { throw ValidationError("--continue and --abort take no REMOTE") }
        }

        func run() throws {
            let sync = SyncService(try workspace.context())
            let progress: @Sendable (String) -> Void = { message in if isatty(STDERR_FILENO) == 1 { Output.note("… \(message)") } }
            if abort {
                try sync.abort()
                return Output.line("Sync aborted; the work tree is back at the last commit.")
            }
            let report = try continueSync ? sync.continueMerge(progress: progress) : sync.sync(remote: remote, progress: progress)
            if output.json { try Output.json(report) } else { print(report) }
            if report.outcome == .conflicts { throw ExitCode(1) }
        }

        private func print(_ report: SyncReport) {
            if let commit = report.committedHandEdits { Output.line("Committed hand edits as \(commit.prefix(10))") }
            switch report.outcome {
            case .upToDate: Output.line("\(report.branch) is up to date with \(report.remote).")
            case .pushed: Output.line("Pushed \(report.branch) to \(report.remote).")
            case .fastForwarded: Output.line("Fast-forwarded \(report.branch) to \(report.remote)'s \(report.head?.prefix(10) ?? "").")
            case .merged:
                Output.line("Merged \(report.remote)/\(report.branch) (\(report.mergedDocuments.count) document(s) merged structurally) and pushed.")
            case .promoted: Output.line("Committed the promotion from \(report.remote) into \(report.branch) as \(report.head?.prefix(10) ?? "").")
            case .imported: Output.line("Committed the update of the imported flow from \(report.remote) as \(report.head?.prefix(10) ?? "").")
            case .conflicts:
                Output.line("\(report.conflicts.count) conflict(s) need a decision; nothing was pushed:")
                for item in report.conflicts { Output.line("  \(item.path) \(item.conflict.summary)") }
                Output.line("Settle each with `sluice resolve DOC POINTER --ours|--theirs|--value JSON`, then `sluice sync --continue`.")
            }
            for (from, to) in report.relocated.sorted(by: { $0.key < $1.key }) {
                Output.line("Kept both documents at \(from): theirs is now \(to)")
            }
            if report.retries > 0 { Output.line("(\(report.remote) moved during the push; merged and retried \(report.retries) time(s))") }
            if !report.invalidDocuments.isEmpty {
                Output.note("sluice: warning: \(report.invalidDocuments.count) error(s) in the documents now; their flows do not run until fixed:")
                for problem in report.invalidDocuments.prefix(10) { Output.note("  \(problem)") }
                if report.invalidDocuments.count > 10 { Output.note("  … (`sluice validate` lists them all)") }
            }
        }
    }

    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the conflicts a sync (or a git merge) left, with base, ours and theirs.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: JSONOption
        func run() throws {
            let conflicts = try SyncService(workspace.context()).conflicts()
            if output.json { return try Output.json(conflicts) }
            if conflicts.isEmpty { return Output.line("No conflicts.") }
            for item in conflicts {
                Output.line("\(item.path) \(item.conflict.summary)")
                for (label, value) in [("base", item.conflict.base), ("ours", item.conflict.ours), ("theirs", item.conflict.theirs)] {
                    Output.line("    \(label.padding(toLength: 7, withPad: " ", startingAt: 0))\(value?.compactText() ?? "(absent)")")
                }
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle one conflict: keep ours, take theirs, or set a value.",
            discussion: "POINTER is the JSON pointer `sluice conflicts` shows (`/` for the whole document).")
        @OptionGroup var workspace: WorkspaceOptions
        @Argument(help: "The document path.") var document: String
        @Argument(help: "The JSON pointer of the conflict.") var pointer: String
        @Flag(help: "Keep our value (what the document holds now).") var ours = false
        @Flag(help: "Take their value.") var theirs = false
        @Option(help: "Set this JSON value.") var value: String?

        func validate() throws {
            if [ours, theirs, value != nil].filter({ $0 }).count != 1 {
                throw ValidationError("give exactly one of --ours, --theirs or --value JSON")
            }
        }

        func run() throws {
            let resolution: Resolution
            if ours {
                resolution = .ours
            } else if theirs {
                resolution = .theirs
            } else {
                resolution = .value(try variableValue(value ?? "", asJSON: true))
            }
            try SyncService(workspace.context()).resolve(document: document, pointer: pointer, with: resolution)
            Output.line("Resolved \(document) \(pointer)")
        }
    }
}
