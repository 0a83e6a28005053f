import Foundation
import Hummingbird
import SluiceJSON
import SluiceRunner
import SluiceWorkspace

/// `/api/v1/…`: the JSON API, every route behind an access token.
struct Api: Sendable {
    let runs: RunService
    let access: Access
    let limiter: RunLimiter

    func register(on router: Router<some RequestContext>) {
        let group = router.group("api/v1")
        group.get("runs/:run") { request, context in
            try await authorized(request) { () throws(WorkspaceError) in
                try Api.json(runs.log(flow: nil, run: context.parameters.get("run") ?? ""))
            }
        }
        group.get("moderation") { request, _ in
            try await authorized(request) { () throws(WorkspaceError) in try Api.json(runs.moderationQueue()) }
        }
        for (verb, approve) in [("approve", true), ("reject", false)] {
            group.post("moderation/:run/\(verb)") { request, context in
                let block = request.uri.queryParameters["block"].map(String.init)
                return try await authorized(request) { () throws(WorkspaceError) in
                    let run = try runs.acceptDecision(run: context.parameters.get("run") ?? "", block: block, approve: approve)
                    limiter.submit(run)
                    return Blocking.json(["run": .string(run.run.id), "status": "accepted"], status: .accepted)
                }
            }
        }
    }

    /// Runs `body` off the cooperative threads when the request carries a valid token; a refusal otherwise.
    private func authorized(_ request: Request, _ body: @escaping @Sendable () throws(WorkspaceError) -> Response) async throws -> Response {
        guard access.tokenName(of: request) != nil else { return Access.refusal() }
        switch await Blocking.run(body) {
        case .success(let response): return response
        case .failure(let error): return Delivery.failure(error)
        }
    }

    /// An Encodable answer, encoded as the CLI's `--json` encodes it.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(WorkspaceError) -> Response {
        do { return Blocking.json(try JSONValueEncoder().encode(value), status: status) } catch { throw .other("cannot encode the answer: \(error)") }
    }
}
