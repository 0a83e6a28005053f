import Foundation
import SluiceTestSupport
import SluiceWorkspaceTestSupport
import Testing

@testable import SluiceWorkspace

@Suite("Workspace lock")
struct LockTests {
    @Test("a held lock makes another mutation wait and then fail with one line, changing nothing")
    func held() throws {
        let test = try TestWorkspace()
        let workspace = try test.open()
        let holder = try ProcessRunner.start("/usr/bin/flock", ["-x", test.root + "/.sluice/lock", "sleep", "5"], in: test.root)
        defer { holder.kill() }
        Thread.sleep(forTimeInterval: 0.3)
        let started = Date()
        expectWorkspaceError(containing: "workspace is locked") { try FlowService(workspace).create(name: "Blocked", type: .power) }
        #expect(Date().timeIntervalSince(started) >= 1.5)
        #expect(!FileManager.default.fileExists(atPath: test.root + "/flows/blocked"))
    }

    @Test("a lock left by a killed process is detected as stale and taken over")
    func stale() throws {
        let test = try TestWorkspace()
        let dead = try ProcessRunner.run("/bin/sh", ["-c", "echo $$"], in: test.root, environment: [:])
        let pid = try #require(Int32(dead.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        try test.write(".sluice/lock", "\(pid)\n")
        let lock = try test.open().lock()
        #expect(lock.clearedStaleHolder == pid)
    }

    @Test("two mutations from parallel tasks are serialized and both land")
    func serialized() async throws {
        let test = try TestWorkspace()
        let root = test.root, environment = test.environment
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let workspace = try WorkspaceContext.open(at: root, environment: environment)
                    try FlowService(workspace).create(name: "Flow \(index)", type: .power)
                }
            }
            try await group.waitForAll()
        }
        #expect(try test.subjects().count == 7)
        #expect(try FlowService(test.open()).list().count == 6)
        try test.expectCleanAndSound()
    }

    /// What a long-running server does: one context held for the whole process, services called from many tasks at
    /// once, writers and readers mixed.
    @Test("one context shared by many tasks: writes are serialized and all land, reads never see a broken workspace")
    func sharedContext() async throws {
        let test = try TestWorkspace()
        let context = try test.open()
        let flows = FlowService(context)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try flows.create(name: "Flow \(index)", type: index.isMultiple(of: 2) ? .power : .easy)
                    try flows.setFavorite("flow-\(index)", true)
                }
                group.addTask {
                    let problems = try WorkspaceService(context).validate()
                    #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
                    _ = try flows.list()
                }
            }
            try await group.waitForAll()
        }
        #expect(try test.subjects().count == 1 + 16)
        #expect(try flows.list(favoritesOnly: true).count == 8)
        try test.expectCleanAndSound()
    }
}
