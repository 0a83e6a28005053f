import ArgumentParser
import Foundation
import SluiceServer
import SluiceWorkspace

extension Sluice {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the workspace over HTTP: delivery URLs, webhooks, schedules, parked runs and the JSON API.",
            discussion: """
                Answers GET /media/<environment>/[<transformation>/]<public id>.<format> (the URLs of `sluice assets url`
                and Create Asset URL) with the original or the derivation, made on first request and kept, with an
                ETag, Cache-Control, If-None-Match and byte ranges; POST /hooks/<environment>/<flow>, signed with the
                flow's webhookSecret (X-Sluice-Timestamp, X-Sluice-Signature: v1=HMAC-SHA256 of "timestamp.body") or
                carrying an access token, answered 202 with the run id once the run is recorded; the JSON API under
                /api/v1 (flows, runs, assets and uploads, notifications and marks, usage, connections, moderation
                decisions; openapi/sluice.yaml), with an access token (`sluice tokens`); GET /metrics (Prometheus, with
                a token) and GET /healthz. Files dropped in the inbox folder (inbox/<environment>/) are uploaded once
                complete, fire upload triggers, and are moved to .uploaded/ (or .refused/, with the reason).
                In the background it fires the Scheduler and On Scheduled Search triggers of enabled flows, wakes runs
                parked on a Delay (any delay of a second or more parks instead of sleeping), and at start resumes the
                runs a crash left unfinished. Listens on 127.0.0.1 by default; --bind beyond loopback needs an access
                token to exist. Put a TLS reverse proxy in front to serve others (docs/server.md). SIGINT or SIGTERM
                stops it after the requests in flight, and the runs started have ended or parked.
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: "The port to listen on (0: any free one, printed).") var port = 8080
        @Option(help: "The address to listen on (beyond loopback only once an access token exists).") var bind = "127.0.0.1"

        @Option(help: "The inbox folder to watch (default: inbox/<environment>/ in the workspace).") var inbox: String?
        @Option(help: "Runs going at once, in all.") var maxRuns = 64
        @Option(help: "Runs of one flow going at once.") var maxRunsPerFlow = 16
        @Option(help: "Runs waiting to start before webhook calls are answered 429 (Retry-After).") var maxQueue = 10_000
        @Option(help: "How log lines look on standard error: text, or json (one object a line, for a log collector).")
        var logFormat: SluiceServer.LogFormat = .text
        @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
        @Option(help: "Sync with the remote this often (e.g. 60s, 5m, 1h): what teams push is served without a restart.")
        var syncEvery: String?

        func run() async throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            let folder = inbox.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            guard maxRuns >= 1, maxRunsPerFlow >= 1, maxQueue >= 0 else {
                throw ValidationError("--max-runs and --max-runs-per-flow must be at least 1, --max-queue at least 0")
            }
            var options = SluiceServer.Options(host: bind, port: port, inbox: folder)
            (options.maximumRuns, options.maximumRunsPerFlow, options.maximumQueue) = (maxRuns, maxRunsPerFlow, maxQueue)
            if let syncEvery {
                guard let seconds = Self.seconds(syncEvery), seconds >= 1, seconds <= 86_400 else {
                    throw ValidationError("--sync-every takes a period from 1 second to 24 hours, like 30s, 5m or 1h; got \"\(syncEvery)\"")
                }
                options.syncEvery = .seconds(seconds)
            }
            let host = bind
            do {
                try SluiceServer.bootstrapLogging(format: logFormat, level: logLevel)
                try await SluiceServer.run(context: try workspace.context(), options: options) { port in
                    Output.line("sluice serve: listening on http://\(host):\(port) (Ctrl-C stops)")
                    // A script reading the output (to learn the port) sees the line now, not when a buffer fills.
                    fflush(nil)
                }
            } catch let error as SluiceServer.StartError { throw CommandFailure(message: error.description) }
        }

        /// Seconds in `30`, `30s`, `5m` or `1h`.
        static func seconds(_ text: String) -> Double? {
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600]
            if let last = text.last, let unit = units[last] { return Double(text.dropLast()).map { $0 * unit } }
            return Double(text)
        }
    }
}

extension SluiceServer.LogFormat: ExpressibleByArgument {}
