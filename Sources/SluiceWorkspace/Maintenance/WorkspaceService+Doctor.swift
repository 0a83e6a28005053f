import Foundation
import SluiceDocuments
import SluiceGit
import SluiceMedia
import SluiceSync

/// One thing `sluice doctor` checked.
public struct DoctorCheck: Codable, Sendable, Hashable {
    /// `ok`, `fixed`, or `problem`.
    public enum State: String, Codable, Sendable { case ok, fixed, problem }
    public var name: String
    public var state: State
    public var detail: String
}

extension WorkspaceService {
    /// Checks what a workspace needs beyond valid documents: the merge driver, `.gitignore`,
    /// current schemas, this machine's key. With `fix`, repairs what it can and commits the files it changed.
    /// `executable` is the `sluice` command git should run as the merge driver.
    public func doctor(fix: Bool, executable: String) throws(WorkspaceError) -> [DoctorCheck] {
        let lock = fix ? try context.lock() : nil
        defer { withExtendedLifetime(lock) {} }
        let snapshot = try context.snapshot()
        let repository = snapshot.repository
        var checks: [DoctorCheck] = []
        var changes = ChangeSet()
        func fileCheck(_ name: String, path: String, expected: String, current: String?, fixedDetail: String, problem: String) {
            if current == expected {
                checks.append(DoctorCheck(name: name, state: .ok, detail: path))
            } else if fix {
                changes.writeRaw(Array(expected.utf8), to: path)
                checks.append(DoctorCheck(name: name, state: .fixed, detail: fixedDetail))
            } else {
                checks.append(DoctorCheck(name: name, state: .problem, detail: problem))
            }
        }
        let attributes = read(".gitattributes")
        fileCheck(
            "merge attributes", path: ".gitattributes", expected: MergeDriverSetup.attributes(adding: attributes), current: attributes,
            fixedDetail: "added `\(MergeDriverSetup.attributesLine)` to .gitattributes",
            problem: ".gitattributes does not route *.json to the Sluice merge driver; run `sluice doctor --fix`")
        let ignore = read(".gitignore")
        let ignoreExpected = (ignore ?? "").split(separator: "\n").contains(".sluice/") ? ignore ?? "" : (ignore ?? "") + ".sluice/\n"
        fileCheck(
            "ignore local state", path: ".gitignore", expected: ignoreExpected, current: ignore,
            fixedDetail: "added .sluice/ to .gitignore", problem: ".gitignore does not ignore .sluice/; run `sluice doctor --fix`")
        for (path, bytes) in SchemaFiles.all() {
            fileCheck(
                "schema", path: path, expected: String(decoding: bytes, as: UTF8.self), current: read(path),
                fixedDetail: "rewrote \(path) for this version of sluice", problem: "\(path) is missing or stale; run `sluice doctor --fix`")
        }
        if MergeDriverSetup.isRegistered(in: repository) {
            checks.append(DoctorCheck(name: "merge driver", state: .ok, detail: "git config merge.sluice.driver is set"))
        } else if fix {
            try lift { try MergeDriverSetup.register(in: repository, executable: executable) }
            checks.append(
                DoctorCheck(name: "merge driver", state: .fixed, detail: "registered `\(MergeDriverSetup.driverCommand(executable: executable))`"))
        } else {
            checks.append(
                DoctorCheck(
                    name: "merge driver", state: .problem,
                    detail: "git does not know the Sluice merge driver in this clone; run `sluice doctor --fix`"))
        }
        checks.append(headCheck(repository, snapshot: snapshot))
        checks.append(indexCheck(repository))
        if let local = localStateCheck() { checks.append(local) }
        checks.append(keyCheck(snapshot))
        if let fileCheck = keyFileCheck(snapshot, fix: fix) { checks.append(fileCheck) }
        checks += storeChecks()
        let errors = snapshot.problems.filter { $0.severity == .error }
        checks.append(
            errors.isEmpty
                ? DoctorCheck(name: "documents", state: .ok, detail: "all documents are valid")
                : DoctorCheck(name: "documents", state: .problem, detail: "\(errors.count) error(s); run `sluice validate`"))
        if !changes.writes.isEmpty {
            try context.apply(changes, message: .naming("doctor: repair workspace files", paths: changes.writes.map(\.path)), repository: repository)
        }
        return checks
    }

    /// The key opens every secret: each value is decrypted (a tampered ciphertext, or one copied from another document,
    /// fails its authentication).
    private func keyCheck(_ snapshot: WorkspaceSnapshot) -> DoctorCheck {
        let sealed = snapshot.sealedEntries()
        let box: SecretBox
        do { box = try snapshot.secretBox() } catch {
            let detail = sealed.isEmpty ? "no key on this machine yet (none needed until a secret is set)" : "\(error)"
            return DoctorCheck(name: "secret key", state: sealed.isEmpty ? .ok : .problem, detail: detail)
        }
        let unknown = Set(sealed.compactMap(\.fingerprint)).subtracting(box.keyring.keys)
        if !unknown.isEmpty {
            return DoctorCheck(
                name: "secret key", state: .problem,
                detail: "some secrets use key(s) \(unknown.sorted().joined(separator: ", ")) this machine lacks; run `sluice key import`")
        }
        let unopened = sealed.filter { (try? box.open($0.sealed, documentID: $0.documentID, field: $0.field)) == nil }
        guard let first = unopened.first else {
            return DoctorCheck(name: "secret key", state: .ok, detail: "key \(box.current.fingerprint) opens all \(sealed.count) secret(s)")
        }
        let places = unopened.prefix(5).map { "\($0.path) \($0.field.display)" }.joined(separator: ", ")
        let key = first.field.tokens.last ?? ""
        let remedy =
            first.path.hasPrefix("flows/")
            ? "sluice flows secrets \(first.path.split(separator: "/")[1]) set \(key)"
            : "sluice connections remove \(first.documentID) --force, then sluice connections add"
        return DoctorCheck(
            name: "secret key", state: .problem,
            detail: "\(unopened.count) secret(s) do not open (changed by hand, or copied from another document): \(places); "
                + "set each again, the first with `\(remedy)`")
    }

    /// HEAD names a branch; garbage there makes every git command refuse the repository.
    private func headCheck(_ repository: Repository, snapshot: WorkspaceSnapshot) -> DoctorCheck {
        do {
            _ = try repository.currentBranch()
            _ = try repository.headCommitID()
            return DoctorCheck(name: "git HEAD", state: .ok, detail: ".git/HEAD")
        } catch {
            let environment = (try? snapshot.manifest().environment) ?? "production"
            let head = context.absolute(".git/HEAD")
            return DoctorCheck(
                name: "git HEAD", state: .problem,
                detail: "\(head) is damaged (\(error)); point it at the environment's branch: printf 'ref: refs/heads/\(environment)\\n' > \(head)")
        }
    }

    /// The local state (`.sluice/`) is a folder: locks, caches, the media library and run records live there.
    private func localStateCheck() -> DoctorCheck? {
        let path = context.absolute(WorkspaceLayout.localStateFolder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        return DoctorCheck(
            name: "local state", state: .problem,
            detail: "\(path) is a file, not a folder; move it aside and let sluice make the folder: mv \(path) \(path).file")
    }

    /// Git's index reads; a damaged one makes `git status` and `git reset` fail until the file is removed.
    private func indexCheck(_ repository: Repository) -> DoctorCheck {
        do {
            _ = try repository.indexEntries()
            return DoctorCheck(name: "git index", state: .ok, detail: ".git/index")
        } catch {
            let index = context.absolute(".git/index")
            return DoctorCheck(
                name: "git index", state: .problem,
                detail: "\(index) is damaged (\(error)); rebuild it from the last commit: rm \(index) && git -C \(context.absolute("")) reset -q")
        }
    }

    /// The key file is readable by its owner only; `fix` makes it so.
    private func keyFileCheck(_ snapshot: WorkspaceSnapshot, fix: Bool) -> DoctorCheck? {
        guard let manifest = try? snapshot.manifest() else { return nil }
        let path = context.keyStore.keyFile(workspaceID: manifest.id)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return DoctorCheck(name: "key file", state: .ok, detail: "\(path) is readable by its owner only") }
        if fix, chmod(path, 0o600) == 0 {
            return DoctorCheck(name: "key file", state: .fixed, detail: "set \(path) to mode 600 (it was \(String(mode, radix: 8)))")
        }
        return DoctorCheck(
            name: "key file", state: .problem,
            detail: "\(path) has mode \(String(mode, radix: 8)): others can read the secret key; run `chmod 600 \(path)`")
    }

    /// Each local store (media catalogs and run stores of every environment) opens and passes SQLite's check.
    private func storeChecks() -> [DoctorCheck] {
        let state = context.localStatePath("")
        var checks: [DoctorCheck] = []
        let media = state + "media"
        for environment in (try? FileManager.default.contentsOfDirectory(atPath: media))?.sorted() ?? [] {
            let root = media + "/" + environment
            let aside = state + "media-\(environment).damaged"
            let remedy = "restore it from a backup; or start an empty library, setting the files aside: mv \(root) \(aside)"
            do {
                _ = try MediaLibrary(root: root)
                checks.append(Self.storeCheck("media catalog", root + "/catalog.sqlite", remedy: remedy))
            } catch {
                let detail = if case .catalogMissing = error { "\(error)" } else { "\(root)/catalog.sqlite cannot be opened (\(error)); \(remedy)" }
                checks.append(DoctorCheck(name: "media catalog", state: .problem, detail: detail))
            }
        }
        let runs = state + "runs"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: runs))?.sorted() ?? [] where file.hasSuffix(".sqlite") {
            let path = runs + "/" + file
            checks.append(
                Self.storeCheck(
                    "run store", path, remedy: "set it aside to start an empty history: mv \(path) \(path).damaged && rm -f \(path)-wal \(path)-shm"))
        }
        return checks
    }

    private static func storeCheck(_ name: String, _ path: String, remedy: String) -> DoctorCheck {
        if let problem = LocalStore.integrityProblem(at: path) {
            return DoctorCheck(name: name, state: .problem, detail: "\(path): \(problem); \(remedy)")
        }
        return DoctorCheck(name: name, state: .ok, detail: path)
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: context.absolute(path)).map { String(decoding: $0, as: UTF8.self) }
    }
}
