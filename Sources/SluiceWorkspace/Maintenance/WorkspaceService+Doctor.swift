import Foundation
import SluiceDocuments
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
        checks.append(keyCheck(snapshot))
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

    private func keyCheck(_ snapshot: WorkspaceSnapshot) -> DoctorCheck {
        let sealed = snapshot.sealedValues()
        do {
            let box = try snapshot.secretBox()
            let unknown = Set(sealed.map(\.fingerprint)).subtracting(box.keyring.keys)
            if unknown.isEmpty { return DoctorCheck(name: "secret key", state: .ok, detail: "key \(box.current.fingerprint) opens every secret") }
            return DoctorCheck(
                name: "secret key", state: .problem,
                detail: "some secrets use key(s) \(unknown.sorted().joined(separator: ", ")) this machine lacks; run `sluice key import`")
        } catch {
            let detail = sealed.isEmpty ? "no key on this machine yet (none needed until a secret is set)" : "\(error)"
            return DoctorCheck(name: "secret key", state: sealed.isEmpty ? .ok : .problem, detail: detail)
        }
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: context.absolute(path)).map { String(decoding: $0, as: UTF8.self) }
    }
}
