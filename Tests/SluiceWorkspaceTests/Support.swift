import Foundation
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
