import PailHTTP

/// Where every finished request is reported, once, as a `RequestRecord`: the metrics always (they
/// cost a few adds), the access log when it is on. Another consumer of finished requests joins in
/// `record`.
// `gauges` is set once, before the server listens, and only read after (as S3Service's settings).
final class RequestObservers: @unchecked Sendable {
    let metrics = RequestMetrics()
    let logger: AccessLogger?
    /// Read when `/_pail/metrics` is scraped. `PailServer` sets it before it starts listening.
    var gauges: () -> MetricsExposition.Gauges = {
        MetricsExposition.Gauges(openConnections: 0, workerThreads: 0, storedObjects: nil, storedBytes: nil)
    }

    init(logger: AccessLogger?) {
        self.logger = logger
    }

    func record(_ r: RequestRecord) {
        metrics.record(r)
        logger?.log(r)
    }

    /// The answer to `GET /_pail/metrics`: the counters as of now, without this scrape (it is
    /// counted once answered, so a scrape never sees itself).
    func metricsResponse() -> HTTPResponse {
        let text = MetricsExposition.render(metrics.snapshot(), gauges: gauges())
        var response = HTTPResponse(status: 200, body: .bytes(Array(text.utf8)))
        response.headers.add("Content-Type", PrometheusText.contentType)
        return response
    }
}
