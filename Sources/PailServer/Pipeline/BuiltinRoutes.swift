import PailHTTP

/// Routes that answer without S3 authentication.
///
/// - Under `/_pail/`: no bucket can be named `_pail` (underscores are not allowed in bucket names), so
///   these never shadow S3 resources.
/// - MinIO's health probes, `GET`/`HEAD` on `/minio/health/live`, `/minio/health/ready`,
///   `/minio/health/cluster` and `/minio/health/cluster/read`, so that probes written for MinIO
///   (Kubernetes, compose healthchecks, Testcontainers' MinIO module) work unchanged. `minio` *is* a
///   valid bucket name: these four exact paths shadow the keys `health/live`, `health/ready`,
///   `health/cluster` and `health/cluster/read` of a path-style bucket `minio` for GET and HEAD, as
///   they do on MinIO itself, whose health router is registered before its S3 router. Any other path
///   under `/minio/`, and any other method, is S3 as usual.
enum BuiltinRoutes {
    static func response(for head: HTTPRequestHead) -> HTTPResponse? {
        guard isBuiltin(head.rawPath) else { return nil }
        switch (head.method, head.rawPath) {
        case ("GET", "/_pail/health"), ("HEAD", "/_pail/health"):
            var r = HTTPResponse(status: 200, body: .bytes(Array(#"{"status":"ok"}"#.utf8)))
            r.headers.add("Content-Type", "application/json")
            return r
        default:
            return nil
        }
    }

    /// The answer to a MinIO health probe, or nil when `head` is not one (the request is then S3).
    ///
    /// MinIO answers each probe 200 with an empty body and no Content-Type; the cluster probes also
    /// report the erasure quorum, `X-Minio-Write-Quorum` and `X-Minio-Read-Quorum`, which is 1 for a
    /// single local store (https://min.io/docs/minio/linux/operations/monitoring/healthcheck-probe.html,
    /// https://github.com/minio/minio/blob/master/docs/metrics/healthcheck/README.md). A query such as
    /// `?maintenance=true` is ignored: one node can always be taken down.
    static func minioHealthResponse(for head: HTTPRequestHead) -> HTTPResponse? {
        // Cheap first: one byte compare of a short prefix, done only on requests bound for S3.
        guard hasPrefix(head.rawPath, "/minio/health/") else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else { return nil }
        var response = HTTPResponse(status: 200)
        switch head.rawPath {
        case "/minio/health/live", "/minio/health/ready":
            break
        case "/minio/health/cluster":
            response.headers.add("X-Minio-Write-Quorum", "1")
        case "/minio/health/cluster/read":
            response.headers.add("X-Minio-Read-Quorum", "1")
        default:
            return nil
        }
        return response
    }

    /// True for paths under `/_pail/`. Compares bytes: the generic `hasPrefix` on a Substring cost
    /// about a thousand instructions on every S3 request (callgrind).
    static func isBuiltin(_ rawPath: Substring) -> Bool {
        hasPrefix(rawPath, "/_pail/")
    }

    /// `rawPath.hasPrefix(prefix)` by bytes, for the hot path (see `isBuiltin`).
    @inline(__always)
    static func hasPrefix(_ rawPath: Substring, _ prefix: StaticString) -> Bool {
        let utf8 = rawPath.utf8
        guard utf8.count >= prefix.utf8CodeUnitCount else { return false }
        var i = utf8.startIndex
        for k in 0..<prefix.utf8CodeUnitCount {
            if utf8[i] != prefix.utf8Start[k] { return false }
            i = utf8.index(after: i)
        }
        return true
    }
}
