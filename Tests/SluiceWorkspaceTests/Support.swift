import Foundation
import SluiceDocuments
import SluiceRunner
import SluiceSync
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

extension TestWorkspace {
    /// The commit subjects, newest first, as the git CLI sees them.
    func subjects() throws -> [String] {
        try git("log", "--format=%s").stdout.split(separator: "\n").map(String.init)
    }

    /// Checks what every mutating command must leave behind: a clean status and a sound repository.
    func expectCleanAndSound(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let status = try git("status", "--porcelain")
        #expect(status.stdout.isEmpty, "git status: \(status.stdout)", sourceLocation: sourceLocation)
        let fsck = try git("fsck", "--strict")
        #expect(fsck.status == 0, "git fsck: \(fsck.output)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` expecting a `WorkspaceError` whose message contains `text`.
func expectWorkspaceError(containing text: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error containing \"\(text)\"", sourceLocation: sourceLocation)
    } catch let error as WorkspaceError {
        #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), "error is not one line: \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

extension WorkspaceContext {
    /// What an operation would read: tests look inside through these.
    func manifest() throws -> Manifest { try snapshot().manifest() }
    func currentEnvironment() throws -> String { try snapshot().currentEnvironment() }
    func secretBox() throws -> SecretBox { try snapshot().secretBox() }
    func sealedValues() throws -> [(path: String, fingerprint: String)] { try snapshot().sealedValues() }
    func connections() throws -> [ConnectionRecord] { try snapshot().connections() }
    func syncState() throws -> SyncState? { try snapshot().syncStates.load() }

    /// The decrypted secrets of a flow, as a run reads them.
    func decryptedFlowSecrets(_ query: String) throws -> [String: String] {
        let snapshot = try snapshot()
        return try snapshot.decryptedSecrets(of: snapshot.flow(query))
    }

    /// The run store of the environment checked out.
    func runStore() throws -> RunStore { try RunService.store(self, environment: currentEnvironment()) }
}

extension WorkspaceContext {
    /// A notification by its id, its path, or `FLOW-ID/BLOCK-ID`.
    func notification(_ query: String) throws -> (notification: SluiceDocuments.Notification, path: String) {
        try snapshot().notification(query)
    }
}
