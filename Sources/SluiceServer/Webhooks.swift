import Foundation
import Hummingbird
import SluiceJSON
import SluiceRunner
import SluiceWorkspace

/// `POST /hooks/<environment>/<flow>`: a signed call (or one with an access token) becomes exactly one run. The answer, 202 with the run id, goes out
/// only once the run is recorded in the run store; the run then goes on in the background (and `sluice runs resume`
/// finishes it after a crash).
struct Webhooks: Sendable {
    let runs: RunService
    let access: Access
    /// Where the accepted runs go on (a graceful shutdown waits for them), and what turns calls away when too many wait.
    let limiter: RunLimiter
    /// The largest body taken.
    static let maximumBody = 1 << 20

    func respond(to request: Request, context: some RequestContext) async throws -> Response {
        guard !limiter.isFull else {
            var busy = Blocking.text(.tooManyRequests, "\(limiter.limits.queue) runs are waiting to start; try again shortly")
            busy.headers[.retryAfter] = "1"
            return busy
        }
        let environment = context.parameters.get("environment") ?? ""
        let flow = context.parameters.get("flow") ?? ""
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maximumBody) } catch {
            return Blocking.text(.contentTooLarge, "the body is larger than \(Self.maximumBody / 1024) KB")
        }
        let call = WebhookRequest(
            environment: environment, flow: flow, body: Array(buffer: body), contentType: request.headers[.contentType],
            query: request.uri.queryParameters.map { (String($0.key), String($0.value)) }, timestamp: Self.header("x-sluice-timestamp", in: request),
            signature: Self.header("x-sluice-signature", in: request), token: access.tokenName(of: request))
        let runs = self.runs
        let result = await Blocking.run { () throws(WorkspaceError) in try runs.acceptWebhook(call) }
        switch result {
        case .failure(let error): return Delivery.failure(error)
        case .success(let accepted):
            if !accepted.duplicate { limiter.submit(accepted) }
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

}
