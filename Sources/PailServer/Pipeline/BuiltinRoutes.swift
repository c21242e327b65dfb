import PailHTTP

/// Routes under `/_pail/` that answer without S3 authentication. No bucket can be named `_pail`
/// (underscores are not allowed in bucket names), so these never shadow S3 resources.
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

    /// True for paths under `/_pail/`. Compares bytes: the generic `hasPrefix` on a Substring cost
    /// about a thousand instructions on every S3 request (callgrind).
    static func isBuiltin(_ rawPath: Substring) -> Bool {
        let prefix: StaticString = "/_pail/"
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
