import Foundation
import SluiceTestSupport
import Synchronization
import Testing

@testable import SluiceRunner

/// Stores created by many connections at once: each process or thread sees the tables missing at first.
@Suite("Run store creation")
struct RunStoreCreationTests {
    @Test("sixteen connections creating one run store at once all open it (twenty fresh stores)")
    func parallelCreation() throws {
        let directory = try TemporaryDirectory()
        for round in 0..<20 {
            let path = directory.child("round-\(round)/runs.sqlite")
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 16) { _ in
                do { _ = try RunStore(path: path) } catch { failures.withLock { $0.append("\(error)") } }
            }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 }.first ?? "")")
        }
    }
}
