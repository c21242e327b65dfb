import PailHTTP

/// Routes under `/_pail/` that answer without S3 authentication. No bucket can be named `_pail`
/// (underscores are not allowed in bucket names), so these never shadow S3 resources.
enum BuiltinRoutes {
    static func response(for head: HTTPRequestHead) -> HTTPResponse? {
        guard head.rawPath.hasPrefix("/_pail/") else { return nil }
        switch (head.method, head.rawPath) {
        case ("GET", "/_pail/health"), ("HEAD", "/_pail/health"):
            var r = HTTPResponse(status: 200, body: .bytes(Array(#"{"status":"ok"}"#.utf8)))
            r.headers.add("Content-Type", "application/json")
            return r
        default:
            return nil
        }
    }
}
