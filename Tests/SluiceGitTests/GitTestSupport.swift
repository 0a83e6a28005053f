import Foundation
import SluiceGit
import SluiceTestSupport

/// A fixed identity so tests never depend on the machine's git configuration.
let testSignature = Signature(name: "Test Author", email: "test@example.com", time: Date(timeIntervalSince1970: 1_700_000_000))

/// Creates a repository with an unborn `main` branch at `<root>/repo`.
func makeRepository(in root: String) throws -> (Repository, String) {
    let path = root + "/repo"
    let repository = try Repository.create(at: path, initialBranch: "main")
    return (repository, path)
}

/// Asserts (by throwing) that `git fsck --strict` finds no problem. Returns its output.
@discardableResult
func fsck(_ directory: String) throws -> String {
    try runGit(["fsck", "--strict", "--no-dangling"], in: directory)
}
