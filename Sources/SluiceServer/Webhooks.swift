import Foundation
import Hummingbird
import SluiceJSON
import SluiceRunner
import SluiceWorkspace

/// `POST /hooks/<environment>/<flow>`: a signed call becomes exactly one run. The answer, 202 with the run id, goes out
/// only once the run is recorded in the run store; the run then goes on in the background (and `sluice runs resume`
/// finishes it after a crash).
struct Webhooks: Sendable {
    let runs: RunService
    /// Where the accepted runs go on, so a graceful shutdown waits for them.
    let drain: RunDrain
    /// The largest body taken.
    static let maximumBody = 1 << 20

    /// Recording a run reads documents and writes SQLite: off the cooperative threads.
    private static let queue = DispatchQueue(label: "sluice.webhooks", attributes: .concurrent)

    func respond(to request: Request, context: some RequestContext) async throws -> Response {
        let environment = context.parameters.get("environment") ?? ""
        let flow = context.parameters.get("flow") ?? ""
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maximumBody) } catch {
            return Self.text(.contentTooLarge, "the body is larger than \(Self.maximumBody / 1024) KB")
        }
        let call = WebhookRequest(
            environment: environment, flow: flow, body: Array(buffer: body), contentType: request.headers[.contentType],
            query: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, timestamp: Self.header("x-sluice-timestamp", in: request),
            signature: Self.header("x-sluice-signature", in: request))
        let runs = self.runs
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<AcceptedWebhook, WorkspaceError>, Never>) in
            Self.queue.async { continuation.resume(returning: Result { () throws(WorkspaceError) in try runs.acceptWebhook(call) }) }
        }
        switch result {
        case .failure(let error): return Delivery.failure(error)
        case .success(let accepted):
            drain.start { await accepted.complete() }
            let answer: JSONValue = ["run": .string(accepted.run.id), "status": accepted.duplicate ? "duplicate" : "accepted"]
            return Response(
                status: accepted.duplicate ? .ok : .accepted, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: answer.compactText() + "\n")))
        }
    }

    /// A header's value by its lower-case name.
    static func header(_ name: String, in request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
