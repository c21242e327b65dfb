import PailHTTP
import PailS3

/// CORS as S3 applies it (AWS User Guide, "Using cross-origin resource sharing (CORS)"; API reference,
/// "OPTIONS object"): a preflight is answered from the bucket's rules without authentication, and an
/// actual request that carries `Origin` gets the `Access-Control-*` headers of the first rule that
/// allows its origin and method, error responses included.
extension S3Service {
    /// The `Vary` S3 sends with CORS answers: the response depends on these request headers.
    static let corsVary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"

    /// `OPTIONS` on a bucket or object. 400 without `Origin` or with a bad `Access-Control-Request-Method`;
    /// 403 AccessForbidden when the bucket does not exist, has no CORS configuration, or no rule
    /// allows the origin, method and every requested header.
    func preflight(_ r: S3Request) throws -> HTTPResponse {
        guard let origin = r.headers["Origin"] else { throw S3Error.corsMissingOrigin() }
        let method = r.headers["Access-Control-Request-Method"]
        guard let method, CORSConfiguration.methods.contains(method) else { throw S3Error.corsInvalidRequestMethod(method) }
        let bucket = try r.requireBucket()
        let configuration: CORSConfiguration?
        do {
            configuration = try corsConfiguration(bucket)
        } catch let error as S3Error where error.code == "NoSuchBucket" {
            throw S3Error.corsBucketNotFound()
        }
        guard let configuration else { throw S3Error.corsNotEnabled() }
        let requested = Self.requestedHeaders(r.headers["Access-Control-Request-Headers"])
        guard let (rule, matched) = configuration.match(origin: origin, method: method, requestHeaders: requested) else {
            throw S3Error.corsRequestNotAllowed(method: method, resourceType: r.key == nil ? "BUCKET" : "OBJECT")
        }
        var response = HTTPResponse(status: 200)
        Self.addAllowHeaders(&response.headers, rule: rule, matchedOrigin: matched, origin: origin)
        if !requested.isEmpty { response.headers.add("Access-Control-Allow-Headers", requested.joined(separator: ", ")) }
        response.headers.add("Vary", Self.corsVary)
        return response
    }

    /// Adds the CORS headers to the response of an actual (non-preflight) request that carried
    /// `origin`, when its bucket has a CORS configuration: `Vary` always, the `Access-Control-*`
    /// headers when a rule allows the origin and the request's method. Anything that fails (no
    /// bucket in the request, no such bucket) adds nothing. Called only when `Origin` is present, so
    /// other requests pay one header lookup.
    func addCORSHeaders(_ response: inout HTTPResponse, head: HTTPRequestHead, origin: String) {
        guard head.method != "OPTIONS",
              let resolved = try? addressing.resolve(host: head.headers["Host"], rawPath: head.rawPath),
              let bucket = resolved.bucket, !bucket.isEmpty,
              let configuration = try? corsConfiguration(bucket) else { return }
        response.headers.add("Vary", Self.corsVary)
        guard let (rule, matched) = configuration.match(origin: origin, method: head.method) else { return }
        Self.addAllowHeaders(&response.headers, rule: rule, matchedOrigin: matched, origin: origin)
    }

    /// `Access-Control-Allow-Origin` is `*` when the rule's matching origin is `*` (then without
    /// `Allow-Credentials`), else the request's origin echoed with `Allow-Credentials: true`, as S3 does.
    private static func addAllowHeaders(_ headers: inout HTTPHeaders, rule: CORSRule, matchedOrigin: String, origin: String) {
        headers.add("Access-Control-Allow-Origin", matchedOrigin == "*" ? "*" : origin)
        headers.add("Access-Control-Allow-Methods", rule.allowedMethods.joined(separator: ", "))
        if !rule.exposeHeaders.isEmpty { headers.add("Access-Control-Expose-Headers", rule.exposeHeaders.joined(separator: ", ")) }
        if let maxAge = rule.maxAgeSeconds { headers.add("Access-Control-Max-Age", String(maxAge)) }
        if matchedOrigin != "*" { headers.add("Access-Control-Allow-Credentials", "true") }
    }

    /// The header names of `Access-Control-Request-Headers` (a comma-separated list), trimmed and
    /// lower-cased, empty ones dropped.
    static func requestedHeaders(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").map { $0.trimmedSpaces().lowercased() }.filter { !$0.isEmpty }
    }
}
