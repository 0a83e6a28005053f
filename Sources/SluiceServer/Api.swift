import Foundation
import Hummingbird
import SluiceJSON
import SluiceMedia
import SluiceRunner
import SluiceWorkspace

/// `/api/v1/…`: the JSON API over what the CLI does, every route behind an access token. Answers are encoded as the
/// CLI's `--json` encodes the same results; `openapi/sluice.yaml` describes them (the contract test checks the running
/// server against it). Requests act as the token's name: notification marks are that user's.
struct Api: Sendable {
    let context: WorkspaceContext
    let runs: RunService
    let access: Access
    let limiter: RunLimiter
    /// The largest JSON body taken (a manual run's data, a list of assets to mark).
    static let maximumBody = 1 << 20

    /// What a request asks, once its token is checked: the workspace as the token's user, parameters and body.
    struct Call: Sendable {
        let context: WorkspaceContext
        let parameters: [String: String]
        let query: [String: String]
        let body: [UInt8]

        /// A path parameter (always present: the route names it).
        func path(_ name: String) -> String { parameters[name] ?? "" }

        /// A positive whole number from the query, or nil when absent.
        func count(_ name: String) throws(WorkspaceError) -> Int? {
            guard let text = query[name] else { return nil }
            guard let value = Int(text), value > 0 else { throw .invalidInput("query parameter \(name): \"\(text)\" is not a positive whole number") }
            return value
        }

        /// A yes/no query parameter (`true` or `false`), false when absent.
        func flag(_ name: String) throws(WorkspaceError) -> Bool {
            switch query[name] {
            case nil, "false": return false
            case "true": return true
            case let text?: throw .invalidInput("query parameter \(name): \"\(text)\" is neither true nor false")
            }
        }

        /// One of the values a query parameter allows, or nil when absent.
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws(WorkspaceError) -> T? where T.RawValue == String {
            guard let text = query[name] else { return nil }
            guard let value = T(rawValue: text) else {
                throw .invalidInput("query parameter \(name): \"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }

        /// The body as a JSON object (an empty body is an empty object).
        func object() throws(WorkspaceError) -> JSONObject {
            guard !body.isEmpty else { return JSONObject() }
            guard case .object(let object)? = try? JSONParser.parse(body) else { throw .invalidInput("the body must be a JSON object") }
            return object
        }
    }

    /// The routes: what `register` adds and the OpenAPI document describes (a test checks that the two name the same).
    enum Route: CaseIterable, Sendable {
        case flows, flow, runFlow, runs, run, moderation, approve, reject, assets, asset, notifications, notification, markRead, markViewed
        case usage, connections

        var method: HTTPRequest.Method {
            switch self {
            case .runFlow, .approve, .reject, .markRead, .markViewed: .post
            default: .get
            }
        }

        /// The path under `/api/v1/`, in the router's notation.
        var path: String {
            switch self {
            case .flows: "flows"
            case .flow: "flows/:flow"
            case .runFlow: "flows/:flow/runs"
            case .runs: "runs"
            case .run: "runs/:run"
            case .moderation: "moderation"
            case .approve: "moderation/:run/approve"
            case .reject: "moderation/:run/reject"
            case .assets: "assets"
            case .asset: "assets/**"
            case .notifications: "notifications"
            case .notification: "notifications/:notification"
            case .markRead: "notifications/:notification/read"
            case .markViewed: "notifications/:notification/viewed"
            case .usage: "usage"
            case .connections: "connections"
            }
        }
    }

    func register(on router: Router<some RequestContext>) {
        let group = router.group("api/v1")
        for route in Route.allCases {
            group.on(RouterPath(route.path), method: route.method) { request, requestContext in
                try await self.respond(route, request: request, context: requestContext)
            }
        }
    }

    private func respond(_ route: Route, request: Request, context requestContext: some RequestContext) async throws -> Response {
        guard let user = access.tokenName(of: request) else { return Access.refusal() }
        var parameters: [String: String] = [:]
        for name in ["flow", "run", "notification"] { if let value = requestContext.parameters.get(name) { parameters[name] = value } }
        if route == .asset { parameters["**"] = requestContext.parameters.getCatchAll().joined(separator: "/") }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maximumBody) } catch {
            return Blocking.text(.contentTooLarge, "the body is larger than \(Self.maximumBody / 1024) KB")
        }
        let call = Call(context: context.acting(as: user), parameters: parameters, query: query, body: Array(buffer: body))
        switch await Blocking.run({ () throws(WorkspaceError) in try self.answer(route, call) }) {
        case .success(let response): return response
        case .failure(let error): return Delivery.failure(error)
        }
    }

    /// The answer to one route, off the cooperative threads.
    private func answer(_ route: Route, _ call: Call) throws(WorkspaceError) -> Response {
        switch route {
        case .flows: return try Self.json(FlowService(call.context).list(favoritesOnly: call.flag("favorites")))
        case .flow: return try Self.json(FlowService(call.context).detail(call.path("flow")))
        case .runFlow:
            let body = try call.object()
            let asset = try body["asset"].map { value throws(WorkspaceError) in
                guard let text = value.stringValue else { throw .invalidInput("/asset: must be a public id (a string)") }
                return text
            }
            return accepted(try runs.acceptManualRun(call.path("flow"), asset: asset, data: body["data"] ?? .object(JSONObject())))
        case .runs:
            return try Self.json(
                runs.runs(flow: call.query["flow"], status: call.choice("status", RunStatus.self), limit: call.count("limit") ?? 100))
        case .run: return try Self.json(runs.log(flow: nil, run: call.path("run")))
        case .moderation: return try Self.json(runs.moderationQueue())
        case .approve, .reject:
            return accepted(try runs.acceptDecision(run: call.path("run"), block: call.query["block"], approve: route == .approve))
        case .assets:
            let media = MediaService(call.context)
            let limit = try call.count("limit") ?? 100
            if let search = call.query["search"] { return try Self.json(media.search(search, limit: limit)) }
            return try Self.json(media.list(folder: call.query["folder"], limit: limit))
        case .asset:
            let media = MediaService(call.context)
            let publicID = call.path("**")
            return try Self.json(AssetDetail(asset: media.asset(publicID).asset, derivations: media.derivations(of: publicID)))
        case .notifications:
            let order = call.query["order"] ?? "newest"
            guard order == "newest" || order == "oldest" else {
                throw .invalidInput("query parameter order: \"\(order)\" is neither newest nor oldest")
            }
            return try Self.json(NotificationService(call.context).list(unreadOnly: call.flag("unread"), newestFirst: order == "newest"))
        case .notification:
            return try Self.json(
                NotificationService(call.context).detail(call.path("notification"), filter: call.choice("filter", NotifiedAssetFilter.self) ?? .all))
        case .markRead:
            try NotificationService(call.context).markRead(call.path("notification"))
            return Response(status: .noContent)
        case .markViewed:
            let body = try call.object()
            let all = body["all"]?.boolValue ?? false
            let assets = try (body["assets"]?.arrayValue ?? []).map { value throws(WorkspaceError) in
                guard let text = value.stringValue else { throw .invalidInput("/assets: must be a list of public ids") }
                return text
            }
            guard all || !assets.isEmpty else { throw .invalidInput("the body names no assets: {\"assets\": [public ids]} or {\"all\": true}") }
            try NotificationService(call.context).markViewed(call.path("notification"), assets: assets, all: all)
            return Response(status: .noContent)
        case .usage:
            let period: UsagePeriod =
                switch (call.query["cycle"], call.query["from"], call.query["to"]) {
                case (nil, let from?, let to?): try UsagePeriod(from: from, to: to)
                case (let cycle, nil, nil): try UsagePeriod(cycle: cycle ?? "current")
                default: throw .invalidInput("usage takes cycle, or from and to together")
                }
            return try Self.json(UsageService(call.context).report(period))
        case .connections: return try Self.json(ConnectionService(call.context).report())
        }
    }

    /// 202 for a recorded run, which goes on in the background as the limits allow.
    private func accepted(_ run: AcceptedRun) -> Response {
        limiter.submit(run)
        return Blocking.json(["run": .string(run.run.id), "status": "accepted"], status: .accepted)
    }

    /// An Encodable answer, encoded as the CLI's `--json` encodes it.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(WorkspaceError) -> Response {
        do { return Blocking.json(try JSONValueEncoder().encode(value), status: status) } catch { throw .other("cannot encode the answer: \(error)") }
    }
}

/// `GET /api/v1/assets/<public id>`: an asset and what was derived from it.
struct AssetDetail: Encodable {
    var asset: Asset
    var derivations: [DerivedAsset]
}
