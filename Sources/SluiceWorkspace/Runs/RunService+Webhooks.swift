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
    /// The name of the valid access token the call carried, which stands in for a signature.
    public var token: String?
    public var now: Date

    public init(
        environment: String, flow: String, body: [UInt8], contentType: String?, query: [(name: String, value: String)], timestamp: String?,
        signature: String?, token: String? = nil, now: Date = Date()
    ) {
        self.environment = environment
        self.flow = flow
        self.body = body
        self.contentType = contentType
        self.query = query
        self.timestamp = timestamp
        self.signature = signature
        self.token = token
        self.now = now
    }
}

extension RunService {
    /// Checks a webhook call for an enabled flow with a Catch Webhook trigger in the environment checked out, verifies
    /// its signature with the flow's `webhookSecret` (a flow secret) unless it carried a valid access token, and
    /// records its run. The trigger's data is the
    /// JSON object or form fields of the body, with the query parameters added (the body's win).
    public func acceptWebhook(_ request: WebhookRequest) throws(WorkspaceError) -> AcceptedRun {
        let accepted = try recordWebhook(request)
        if let trigger = accepted.flowTrigger, trigger.config["respond"]?.stringValue == "result" {
            accepted.respondWithin = trigger.config["respondTimeoutSeconds"]?.doubleValue ?? 30
        }
        return accepted
    }

    private func recordWebhook(_ request: WebhookRequest) throws(WorkspaceError) -> AcceptedRun {
        let prepared = try webhookFlow(environment: request.environment, query: request.flow)
        let flow = prepared.flow
        var inputs = prepared.inputs
        if request.token == nil {
            guard let secret = inputs.secrets["webhookSecret"], !secret.isEmpty else {
                throw .unauthorized(
                    "flow \"\(flow.name)\" has no webhookSecret to verify calls with (`sluice flows secrets \(prepared.record.slug) set webhookSecret`), and the call has no access token"
                )
            }
            if let problem = WebhookSignature.problem(
                timestamp: request.timestamp, signature: request.signature, body: request.body, secret: secret, now: request.now)
            {
                throw .unauthorized(problem)
            }
        }
        var data = JSONObject()
        for (name, value) in request.query { data[name] = .string(value) }
        for (name, value) in try Self.fields(of: request.body, contentType: request.contentType) { data[name] = value }
        inputs.trigger = ["data": .object(data)]
        let runner = prepared.runner
        // The run id of a signed call derives from it, so the same call sent again finds its run instead of starting
        // one; a call with a token is a new run each time.
        let id =
            if request.token != nil {
                FlowRunner.newRunID()
            } else {
                FlowRunner.runID(
                    at: Date(timeIntervalSince1970: TimeInterval(request.timestamp ?? "") ?? 0), key: "\(flow.id)\u{0}\(request.signature ?? "")")
            }
        do {
            let run = try runner.begin(flow, inputs, id: id)
            return AcceptedRun(run: run, duplicate: false, begun: true, runner: runner, flow: flow, inputs: inputs, preparation: prepared.preparation)
        } catch  where RunStore.isDuplicateRun(error) {
            // The same call again (sent twice, or at the same moment from another connection): its run, once.
            guard let earlier = try? runner.store.run(id) else { throw WorkspaceError(error) }
            return AcceptedRun(run: earlier, duplicate: true, runner: runner, flow: flow, inputs: inputs, preparation: prepared.preparation)
        } catch {
            throw WorkspaceError(error)
        }
    }

    /// The enabled flow with a Catch Webhook trigger that a call names in the environment checked out, prepared to run
    /// (and kept prepared between calls by a server, see ``PreparedFlows``).
    private func webhookFlow(environment: String, query: String) throws(WorkspaceError) -> PreparedFlow {
        let prepare = { () throws(WorkspaceError) -> PreparedFlow in
            let preparation = try self.prepare()
            let current = try preparation.snapshot.currentEnvironment()
            guard environment == current else { throw .notFound(.environment, query: environment) }
            let record = try preparation.snapshot.flow(query)
            let flow = try preparation.runnable(record)
            guard flow.trigger?.type == BlockTypeID.webhook else {
                throw .invalidInput("flow \"\(flow.name)\" has no Catch Webhook trigger")
            }
            guard record.flow.enabled else { throw .invalidInput("flow \"\(flow.name)\" is disabled (`sluice flows enable \(record.slug)`)") }
            let inputs = try preparation.inputs(record, trigger: .null, triggerType: BlockTypeID.webhook)
            return PreparedFlow(preparation: preparation, record: record, flow: flow, inputs: inputs, runner: try preparation.runner(for: [flow]))
        }
        guard let preparedFlows else { return try prepare() }
        return try preparedFlows.flow("webhook\u{0}\(environment)\u{0}\(query)", context: context, prepare: prepare)
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

extension RunService {
    /// Records a run of a flow started by hand over the API (as `sluice run` does, with or without an asset), ready
    /// for the server to run. Disabled flows run too: this is explicit.
    public func acceptManualRun(_ query: String, asset publicID: String?, data: JSONValue) throws(WorkspaceError) -> AcceptedRun {
        let preparation = try prepare()
        let record = try preparation.snapshot.flow(query)
        let flow = try preparation.runnable(record)
        var inputs = try preparation.inputs(record, trigger: .null, triggerType: BlockTypeID.manual)
        var trigger: JSONObject = ["data": data]
        if let publicID {
            let library = try preparation.library()
            let asset = try lift { try library.asset(publicID) }
            trigger["asset"] = asset.jsonValue
            inputs.touchpoints = [asset.publicID]
        }
        inputs.trigger = .object(trigger)
        let runner = try preparation.runner(for: [flow])
        let run = try lift { try runner.begin(flow, inputs) }
        return AcceptedRun(run: run, duplicate: false, begun: true, runner: runner, flow: flow, inputs: inputs, preparation: preparation)
    }
}
