import Dispatch
import Hummingbird
import SluiceJSON
import SluiceWorkspace

/// Work that blocks (catalog and run-store reads, renders, document snapshots) runs on threads of its own, so a
/// request waits without holding one of Swift's cooperative threads.
enum Blocking {
    private static let threads = WorkerThreads(name: "sluice-blocking", count: 8)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws(WorkspaceError) -> T) async -> Result<T, WorkspaceError> {
        await withCheckedContinuation { continuation in
            threads.submit { continuation.resume(returning: Result { () throws(WorkspaceError) in try body() }) }
        }
    }

    /// A JSON value, on one line, with a status: how every JSON answer is sent.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.compactText() + "\n")))
    }

    /// One line of plain text with a status: how every refusal is answered.
    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
