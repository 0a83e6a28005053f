import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SluiceDocuments
import SluiceMedia
import SluiceWorkspace

/// `sluice serve`: the workspace over HTTP (docs/server.md). `/healthz`; the delivery URLs
/// (`/media/<environment>/[<transformation>/]<public id>.<format>`), originals and derivations made on first request
/// and kept; webhooks (`POST /hooks/<environment>/<flow>`), signed or with a token, answered once their run is recorded;
/// the JSON API under `/api/v1` (tokens only); and, in the background, schedules, parked runs woken on time, and the
/// runs a crash left unfinished.
public enum SluiceServer {
    /// Where the server listens, and how its runs see time.
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Delays of at least this many seconds park their run (woken by the scheduler); shorter ones sleep.
        public var parksDelaysFrom: Double
        /// How often the scheduler looks for due schedules and parked runs.
        public var tick: Duration
        /// The time runs and schedules see (tests move it by hand).
        public var clock: @Sendable () -> Date
        /// The inbox folder watched; nil: `inbox/<environment>/` in the workspace.
        public var inbox: String?
        /// The largest upload taken by `POST /api/v1/assets`, in bytes.
        public var maximumUpload: Int
        /// Runs going at once, in all and of one flow; runs waiting to start before webhooks are answered 429.
        public var maximumRuns = 64
        public var maximumRunsPerFlow = 16
        public var maximumQueue = 10_000
        /// How often to sync with the workspace's remote (`--sync-every`); nil: never.
        public var syncEvery: Duration?

        public init(
            host: String = "127.0.0.1", port: Int = 8080, parksDelaysFrom: Double = 1, tick: Duration = .seconds(1),
            clock: @escaping @Sendable () -> Date = Date.init, inbox: String? = nil, maximumUpload: Int = 1 << 30
        ) {
            self.host = host
            self.port = port
            self.parksDelaysFrom = parksDelaysFrom
            self.tick = tick
            self.clock = clock
            self.inbox = inbox
            self.maximumUpload = maximumUpload
        }

        /// Whether the address is a loopback one (nothing beyond this machine can connect).
        public var isLoopback: Bool { host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.") }
    }

    /// The JSON API's routes as the OpenAPI document names them (`GET /api/v1/flows/{flow}`), the upload route included.
    public static var apiRoutes: [String] {
        ["POST /api/v1/assets"]
            + Api.Route.allCases.map { route in
                let path = route.path.split(separator: "/").map { part in
                    part == "**" ? "{publicId}" : part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }
                return "\(route.method.rawValue) /api/v1/" + path.joined(separator: "/")
            }
    }

    /// Why the server does not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Runs the server until SIGINT or SIGTERM, which let the requests in flight and the runs started finish (or
    /// park). Throws ``StartError`` when the options are refused, before anything listens.
    public static func run(context: WorkspaceContext, options: Options, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(context: context, options: options, onRunning: onRunning).runService()
    }

    /// The application over the workspace at `context`; `onRunning` gets the port it listens on (the one asked for,
    /// or the one the system chose for port 0). Binding beyond loopback is refused while no access token exists.
    public static func application(
        context: WorkspaceContext, options: Options, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(StartError) -> some ApplicationProtocol {
        let verifier = TokenVerifier(context)
        if !options.isLoopback {
            let tokens: [AccessToken]
            do { tokens = try TokenService(context).list() } catch { throw StartError(description: error.description) }
            guard !tokens.isEmpty else {
                throw StartError(
                    description:
                        "binding to \(options.host) lets other machines in, so the API needs an access token: create one with `sluice tokens create NAME` (and put a TLS reverse proxy in front, docs/server.md)"
                )
            }
        }
        let logger = Logger(label: "sluice.serve")
        // Runs leave their notification documents on disk; the scheduler commits them together once a tick.
        let notifications = NotificationBatch(context)
        let runs = RunService(
            context, parksDelaysFrom: options.parksDelaysFrom, clock: options.clock, notificationBatch: notifications, preparedFlows: PreparedFlows())
        let access = Access(verifier: verifier)
        let drain = RunDrain(notifications: notifications)
        let metrics = ServerMetrics()
        let limiter = RunLimiter(
            limits: .init(runs: options.maximumRuns, runsPerFlow: options.maximumRunsPerFlow, queue: options.maximumQueue), drain: drain,
            metrics: metrics)
        let router = Router()
        // First, so that it sees every route.
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: MethodCheck())
        router.get("healthz") { _, _ in "ok\n" }
        router.get("metrics") { request, _ in
            guard access.tokenName(of: request) != nil else { return Access.refusal() }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.text(load: limiter.load))))
        }
        let delivery = Delivery(media: MediaService(context))
        router.get("media/**") { request, requestContext in try await delivery.respond(to: request, context: requestContext) }
        router.head("media/**") { request, requestContext in try await delivery.respond(to: request, context: requestContext) }
        let webhooks = Webhooks(runs: runs, access: access, limiter: limiter)
        router.post("hooks/:environment/:flow") { request, requestContext in try await webhooks.respond(to: request, context: requestContext) }
        Api(context: context, runs: runs, access: access, limiter: limiter).register(on: router)
        let starter = UploadStarter(runs: runs, drain: drain, logger: logger)
        let uploads = Uploads(
            runs: runs, access: access, starter: starter, scratch: context.root + "/.sluice/uploads", maximumBody: options.maximumUpload)
        router.post("api/v1/assets") { request, _ in try await uploads.respond(to: request) }
        let inboxFolder: String
        do throws(WorkspaceError) {
            if let chosen = options.inbox { inboxFolder = chosen } else { inboxFolder = try Inbox.defaultFolder(context) }
        } catch {
            throw StartError(description: error.description)
        }
        let inbox = Inbox(folder: inboxFolder)
        let scheduler = Scheduler(runs: runs, limiter: limiter, starter: starter, inbox: inbox, tick: options.tick, logger: logger)
        // Shut down in reverse order: the HTTP server stops taking requests, the scheduler stops starting runs, then
        // the drain waits for the runs started.
        var services: [any Service] = [drain, scheduler]
        if options.syncEvery != nil {
            let remotes: [RemoteSummary]
            do throws(WorkspaceError) { remotes = try SyncService(context).remotes() } catch { throw StartError(description: error.description) }
            guard !remotes.isEmpty else {
                throw StartError(description: "--sync-every needs a remote to sync with: add one with `sluice remote add origin URL`")
            }
        }
        if let every = options.syncEvery { services.append(SyncWorker(sync: SyncService(context), every: every, logger: logger)) }
        return Application(
            router: router, configuration: .init(address: .hostname(options.host, port: options.port), serverName: "sluice"),
            services: services, onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }
}
