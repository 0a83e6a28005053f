import Foundation
import Hummingbird
import SluiceDocuments
import SluiceMedia
import SluiceWorkspace

/// `sluice serve`: the workspace over HTTP. So far: `/healthz`, the delivery URLs
/// (`/media/<environment>/[<transformation>/]<public id>.<format>`), originals and derivations made on first request
/// and kept, and signed webhooks (`POST /hooks/<environment>/<flow>`) answered once their run is recorded (docs/server.md).
public enum SluiceServer {
    /// Where the server listens and what it serves.
    public struct Options: Sendable {
        public var host: String
        public var port: Int

        public init(host: String = "127.0.0.1", port: Int = 8080) {
            self.host = host
            self.port = port
        }

        /// Whether the address is a loopback one (nothing beyond this machine can connect).
        public var isLoopback: Bool { host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.") }
    }

    /// Why the server does not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Runs the server until SIGINT or SIGTERM, which let the requests in flight finish. Throws ``StartError`` when the
    /// options are refused, before anything listens.
    public static func run(context: WorkspaceContext, options: Options, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(context: context, options: options, onRunning: onRunning).runService()
    }

    /// The application over the workspace at `context`; `onRunning` gets the port it listens on (the one asked for,
    /// or the one the system chose for port 0). Binding beyond loopback is refused until access tokens exist.
    public static func application(
        context: WorkspaceContext, options: Options, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(StartError) -> some ApplicationProtocol {
        guard options.isLoopback else {
            throw StartError(
                description:
                    "binding to \(options.host) would let other machines in, which needs access tokens (not yet built); bind 127.0.0.1 and put a TLS reverse proxy in front"
            )
        }
        let router = Router()
        router.get("healthz") { _, _ in "ok\n" }
        let delivery = Delivery(media: MediaService(context))
        router.get("media/**") { request, requestContext in try await delivery.respond(to: request, context: requestContext) }
        router.head("media/**") { request, requestContext in try await delivery.respond(to: request, context: requestContext) }
        let drain = RunDrain()
        let webhooks = Webhooks(runs: RunService(context), drain: drain)
        router.post("hooks/:environment/:flow") { request, requestContext in try await webhooks.respond(to: request, context: requestContext) }
        return Application(
            router: router, configuration: .init(address: .hostname(options.host, port: options.port), serverName: "sluice"),
            services: [drain], onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) })
    }
}
