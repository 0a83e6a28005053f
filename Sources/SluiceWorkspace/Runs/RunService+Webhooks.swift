import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

/// A webhook call as the server received it.
public struct WebhookRequest: Sendable {
    public var environment: String
    /// The flow's id, slug or name.
    public var flow: String
    public var body: [UInt8]
    public var contentType: String?
    public var query: [(name: String, value: String)]
    public var timestamp: String?
    public var signature: String?
    public var now: Date

    public init(
        environment: String, flow: String, body: [UInt8], contentType: String?, query: [(name: String, value: String)], timestamp: String?,
        signature: String?, now: Date = Date()
    ) {
        self.environment = environment
        self.flow = flow
        self.body = body
        self.contentType = contentType
        self.query = query
        self.timestamp = timestamp
        self.signature = signature
        self.now = now
    }
}

/// A webhook call accepted: its run is on disk (so it happens exactly once, even if the process dies now);
/// ``complete()`` runs it. A call accepted before (the same signed request sent again: a client's retry, or a replay
/// inside the time window) is a ``duplicate`` of that run, and runs nothing.
public final class AcceptedWebhook: @unchecked Sendable {
    public let run: RunRecord
    /// Whether this call was accepted before, as `run`.
    public let duplicate: Bool
    private let runner: FlowRunner
    private let flow: RunnableFlow
    private let inputs: FlowRunner.Inputs
    // Used by `complete()` only, once.
    private let preparation: RunPreparation

    init(run: RunRecord, duplicate: Bool, runner: FlowRunner, flow: RunnableFlow, inputs: FlowRunner.Inputs, preparation: RunPreparation) {
        self.run = run
        self.duplicate = duplicate
        self.runner = runner
        self.flow = flow
        self.inputs = inputs
        self.preparation = preparation
    }

    /// Runs the accepted run to its end (or until it parks); nil when the run store failed (`runs resume` finishes it).
    @discardableResult
    public func complete() async -> RunRecord? {
        defer { preparation.finish() }
        guard !duplicate else { return run }
        return try? await runner.resume(run.id, flow: flow, inputs)
    }
}

extension RunService {
    /// Checks a webhook call for an enabled flow with a Catch Webhook trigger in the environment checked out, verifies
    /// its signature with the flow's `webhookSecret` (a flow secret), and records its run. The trigger's data is the
    /// JSON object or form fields of the body, with the query parameters added (the body's win).
    public func acceptWebhook(_ request: WebhookRequest) throws(WorkspaceError) -> AcceptedWebhook {
        let preparation = try RunPreparation(context.snapshot())
        let current = try preparation.snapshot.currentEnvironment()
        guard request.environment == current else { throw .notFound(.environment, query: request.environment) }
        let record = try preparation.snapshot.flow(request.flow)
        let flow = try preparation.runnable(record)
        guard flow.trigger?.type == BlockTypeID.webhook else {
            throw .invalidInput("flow \"\(flow.name)\" has no Catch Webhook trigger")
        }
        guard record.flow.enabled else { throw .invalidInput("flow \"\(flow.name)\" is disabled (`sluice flows enable \(record.slug)`)") }
        var inputs = try preparation.inputs(record, trigger: .null, triggerType: BlockTypeID.webhook)
        guard let secret = inputs.secrets["webhookSecret"], !secret.isEmpty else {
            throw .unauthorized(
                "flow \"\(flow.name)\" has no webhookSecret to verify calls with (`sluice flows secrets \(record.slug) set webhookSecret`)")
        }
        if let problem = WebhookSignature.problem(
            timestamp: request.timestamp, signature: request.signature, body: request.body, secret: secret, now: request.now)
        {
            throw .unauthorized(problem)
        }
        var data = JSONObject()
        for (name, value) in request.query { data[name] = .string(value) }
        for (name, value) in try Self.fields(of: request.body, contentType: request.contentType) { data[name] = value }
        inputs.trigger = ["data": .object(data)]
        let runner = try preparation.runner(for: [flow])
        // The run id derives from the signed call, so the same call sent again finds its run instead of starting one.
        let seconds = TimeInterval(request.timestamp ?? "") ?? 0
        let id = FlowRunner.runID(at: Date(timeIntervalSince1970: seconds), key: "\(flow.id)\u{0}\(request.signature ?? "")")
        if let earlier = try lift({ try runner.store.run(id) }) {
            return AcceptedWebhook(run: earlier, duplicate: true, runner: runner, flow: flow, inputs: inputs, preparation: preparation)
        }
        do {
            let run = try runner.begin(flow, inputs, id: id)
            return AcceptedWebhook(run: run, duplicate: false, runner: runner, flow: flow, inputs: inputs, preparation: preparation)
        } catch {
            // The same call at the same moment from another connection recorded it first.
            if let earlier = try? runner.store.run(id) {
                return AcceptedWebhook(run: earlier, duplicate: true, runner: runner, flow: flow, inputs: inputs, preparation: preparation)
            }
            throw WorkspaceError(error)
        }
    }

    /// A JSON object's members, or form fields; nothing for an empty body.
    static func fields(of body: [UInt8], contentType: String?) throws(WorkspaceError) -> JSONObject {
        guard !body.isEmpty else { return JSONObject() }
        let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? "application/json"
        switch type {
        case "application/x-www-form-urlencoded":
            var fields = JSONObject()
            for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
                fields[decode(parts[0])] = .string(parts.count > 1 ? decode(parts[1]) : "")
            }
            return fields
        default:
            guard case .object(let object)? = try? JSONParser.parse(body) else {
                throw .invalidInput("the body must be a JSON object (or form fields with Content-Type application/x-www-form-urlencoded)")
            }
            return object
        }
    }
}
