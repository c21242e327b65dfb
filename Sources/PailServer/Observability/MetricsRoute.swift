import PailHTTP

/// `GET /_pail/metrics` (and HEAD): Prometheus text, answered without authentication.
///
/// MinIO asks for a bearer token unless `MINIO_PROMETHEUS_AUTH_TYPE=public`
/// (https://min.io/docs/minio/linux/operations/monitoring/collect-minio-metrics-using-prometheus.html);
/// Pail is a local tool that listens on loopback unless told otherwise, and its metrics name no
/// bucket, key or user, so they are public as `/_pail/health` is (docs/observability.md).
enum MetricsRoute {
    static func serves(_ head: HTTPRequestHead) -> Bool {
        head.rawPath == "/_pail/metrics" && (head.method == "GET" || head.method == "HEAD")
    }
}
