import Hummingbird
import Prometheus
import SluiceRunner

/// What `/metrics` shows, in Prometheus's text format: runs by flow and how they ended, the runs going and waiting, and
/// requests by route, method and status with their latency. Kept in the server's own registry (no process-wide
/// metrics system to bootstrap).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let running: Gauge
    private let queued: Gauge
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    init() {
        running = registry.makeGauge(descriptor: .init(namespace: "sluice", metricName: "runs_running", helpText: "Runs going now."))
        queued = registry.makeGauge(
            descriptor: .init(namespace: "sluice", metricName: "run_queue_depth", helpText: "Runs recorded and waiting to start."))
    }

    /// Counts a run that ended (or parked) as `status`.
    func ran(flow: String, status: RunStatus?) {
        registry.makeCounter(
            descriptor: .init(namespace: "sluice", metricName: "runs", unitName: "total", helpText: "Runs that ended or parked, by flow and status."),
            labels: [("flow", flow), ("status", status?.rawValue ?? "store_error")]
        ).increment()
    }

    /// Counts a request and records how long it took.
    func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(namespace: "sluice", metricName: "http_requests", unitName: "total", helpText: "Requests answered."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "sluice", metricName: "http_request_duration", unitName: "seconds", helpText: "Request latency."),
            labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets
        ).recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The exposition text, with the run gauges at `load`.
    func text(load: (running: Int, queued: Int)) -> [UInt8] {
        running.set(Double(load.running))
        queued.set(Double(load.queued))
        return registry.emitToBuffer()
    }
}

/// Records every request's route, status and latency in the ``ServerMetrics``.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.request(
                route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: response.status.code,
                duration: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.request(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status, duration: .now - start)
            throw error
        }
    }
}
