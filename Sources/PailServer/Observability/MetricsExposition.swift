/// Renders `/_pail/metrics`: the request counters of a `MetricsSnapshot` and the gauges read at
/// scrape time, as Prometheus text (`PrometheusText`). Operations and statuses never seen are left
/// out rather than written as zeros.
struct MetricsExposition {
    /// Values read when the scrape arrives.
    struct Gauges {
        /// Open HTTP connections, idle keep-alive ones included.
        var openConnections: Int
        /// Threads serving HTTP requests (the worker pool and connections on threads of their own).
        var workerThreads: Int
        /// Current object versions (delete markers not counted) and the bytes of every stored
        /// version; nil when the store could not be read (the two series are then absent).
        var storedObjects: Int64?
        var storedBytes: Int64?
    }

    static func render(_ s: MetricsSnapshot, gauges: Gauges) -> String {
        var out = PrometheusText()
        let names = ObservedOperation.names
        let statuses = RequestMetrics.statusCount, slots = RequestMetrics.slotCount
        let seen = names.indices.filter { op in s.buckets[op * slots ..< (op + 1) * slots].contains { $0 != 0 } }

        out.family("pail_requests_total", .counter, help: "Requests answered, by operation and HTTP status.")
        for op in seen {
            for i in 0..<statuses where s.requests[op * statuses + i] != 0 {
                out.sample("pail_requests_total", [("operation", names[op]), ("status", String(RequestMetrics.statusRange.lowerBound + i))],
                           s.requests[op * statuses + i])
            }
        }
        out.family("pail_received_bytes_total", .counter, help: "Request body bytes read, by operation.")
        for op in seen { out.sample("pail_received_bytes_total", [("operation", names[op])], s.bytesIn[op]) }
        out.family("pail_sent_bytes_total", .counter, help: "Response body bytes sent (as declared by Content-Length), by operation.")
        for op in seen { out.sample("pail_sent_bytes_total", [("operation", names[op])], s.bytesOut[op]) }
        out.family("pail_request_duration_seconds", .histogram, help: "Time from a request's arrival until its response was ready, by operation.")
        for op in seen {
            out.histogram("pail_request_duration_seconds", [("operation", names[op])], bounds: RequestMetrics.bucketBounds,
                          counts: s.buckets[op * slots ..< (op + 1) * slots], sum: Double(s.durationNanos[op]) / 1e9)
        }
        out.family("pail_faults_fired_total", .counter, help: "Faults fired, by rule id ('header' for x-pail-fault).")
        for (rule, count) in s.faults.sorted(by: { $0.key < $1.key }) { out.sample("pail_faults_fired_total", [("rule", rule)], count) }
        out.family("pail_open_connections", .gauge, help: "Open HTTP connections, idle keep-alive ones included.")
        out.sample("pail_open_connections", [], UInt64(max(0, gauges.openConnections)))
        out.family("pail_worker_threads", .gauge, help: "Threads serving HTTP requests.")
        out.sample("pail_worker_threads", [], UInt64(max(0, gauges.workerThreads)))
        if let objects = gauges.storedObjects, let bytes = gauges.storedBytes {
            out.family("pail_objects", .gauge, help: "Objects stored: current versions, delete markers not counted.")
            out.sample("pail_objects", [], UInt64(max(0, objects)))
            out.family("pail_stored_bytes", .gauge, help: "Bytes of object data stored, noncurrent versions included.")
            out.sample("pail_stored_bytes", [], UInt64(max(0, bytes)))
        }
        return out.text
    }
}
