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
            if let within = accepted.respondWithin { return await answerWithResult(accepted, within: within) }
            if !accepted.duplicate { limiter.submit(accepted) }
            let answer: JSONValue = ["run": .string(accepted.run.id), "status": accepted.duplicate ? "duplicate" : "accepted"]
            return Blocking.json(answer, status: accepted.duplicate ? .ok : .accepted)
        }
    }

    /// Respond to Webhook: runs the run and answers 200 with how it ended and what its blocks put out, or 202 with
    /// the run id when it has not ended within `within` seconds (it goes on).
    private func answerWithResult(_ accepted: AcceptedRun, within: Double) async -> Response {
        let ended: RunRecord? = accepted.duplicate ? accepted.run : await limiter.run(accepted, within: .milliseconds(Int64(within * 1_000)))
        guard let ended, ended.status != .running else {
            let answer: JSONValue = [
                "run": .string(accepted.run.id), "status": "accepted", "note": .string("still running after \(within) s; its log has the result"),
            ]
            return Blocking.json(answer, status: .accepted)
        }
        let runs = self.runs
        let log = await Blocking.run { () throws(WorkspaceError) in try runs.log(flow: nil, run: ended.id) }
        var outputs = JSONObject()
        if case .success(let log) = log {
            for step in log.steps where step.scope.isEmpty && step.status == .succeeded { outputs[step.blockID] = step.output ?? .null }
        }
        var answer: JSONObject = ["run": .string(ended.id), "status": .string(ended.status.rawValue), "outputs": .object(outputs)]
        if let error = ended.error { answer["error"] = .string(error) }
        return Blocking.json(.object(answer), status: .ok)
    }

    /// A header's value by its lower-case name.
    static func header(_ name: String, in request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }

}
