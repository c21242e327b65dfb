import PailHTTP

/// Where every finished request is reported, once, as a `RequestRecord`: the metrics always (they
/// cost a few adds), the access log when it is on. Another consumer of finished requests joins in
/// `record`.
// `gauges` is set once, before the server listens, and only read after (as S3Service's settings).
final class RequestObservers: @unchecked Sendable {
    let metrics = RequestMetrics()
    let logger: AccessLogger?
    /// The last requests, for the console's live view (`GET /_pail/requests`).
    let recent = RequestRing()
    /// Read when `/_pail/metrics` is scraped. `PailServer` sets it before it starts listening.
    var gauges: () -> MetricsExposition.Gauges = {
        MetricsExposition.Gauges(openConnections: 0, workerThreads: 0, storedObjects: nil, storedBytes: nil)
    }

    init(logger: AccessLogger?) {
        self.logger = logger
    }

    /// `keepRecent`: false for what the live view leaves out (its own polls, IMDS).
    func record(_ r: RequestRecord, keepRecent: Bool = true) {
        metrics.record(r)
        logger?.log(r)
        if keepRecent { recent.append(r) }
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
