import Foundation
import PailHTTP
import PailS3

/// The upstream S3 endpoint of gateway mode: where a request for a bucket and key goes, a pool of
/// keep-alive connections to it, and SigV4 signing with the cluster's credentials.
///
/// Blocking; called on the connection's own thread, like the local handlers.
final class Upstream {
    let settings: UpstreamSettings
    let endpoint: HTTPEndpoint
    private let client: HTTPClient
    private let keys = SigningKeyCache()
    /// Seconds the upstream may stay silent during one exchange.
    let readTimeout: Double

    init(settings: UpstreamSettings) throws {
        try settings.validate()
        self.settings = settings
        endpoint = HTTPEndpoint(settings.url)!
        let tls = endpoint.isSecure ? try TLSClientContext(caFile: settings.caBundle) : nil
        client = HTTPClient(tls: tls, connectTimeout: settings.connectTimeout ?? 5,
                            maxIdlePerHost: settings.maxIdleConnections ?? 64)
        readTimeout = settings.readTimeout ?? 120
    }

    /// The upstream's name for a client's bucket.
    func bucketName(_ bucket: String) -> String { settings.prefix + bucket }

    /// Sends one request and returns the response head; the caller reads or discards the body.
    ///
    /// `bucket` is the upstream bucket name (prefix applied), `key` the decoded key; both are
    /// re-encoded once, as SigV4 canonicalises them. `query` is already encoded. `headers` must not hold
    /// Host, the signature or hop-by-hop fields. Signed with the real time, never Pail's movable clock:
    /// the upstream checks the request against its own.
    /// Throws `S3Error` 503 when the upstream cannot be reached or stays silent, and
    /// `HTTPClientBodySourceError` when reading `body` failed.
    func send(method: String, bucket: String?, key: String?, query: String, headers: [(name: String, value: String)],
              body: HTTPClientBody, payloadHash: String) throws -> HTTPClientResponse {
        var target = endpoint
        var path = endpoint.basePath
        if let bucket {
            if settings.virtualHosted {
                target.host = bucket + "." + endpoint.host
            } else {
                path += "/" + URIEncoding.encode(bucket, encodeSlash: true)
            }
        }
        if let key {
            path += "/" + URIEncoding.encode(key, encodeSlash: false)
        } else if bucket == nil || settings.virtualHosted {
            path += "/"
        }
        var fields = headers
        fields.insert(("Host", target.hostHeader), at: 0)
        SigV4HeaderSigner.sign(method: method, rawPath: path, rawQuery: query, headers: &fields, payloadHash: payloadHash,
                               accessKey: settings.accessKey, secretKey: settings.secretKey,
                               sessionToken: settings.sessionToken, region: settings.resolvedRegion, service: "s3",
                               date: Date(), keys: keys)
        let request = HTTPClientRequest(method: method, target: query.isEmpty ? path : path + "?" + query,
                                        headers: HTTPHeaders(fields), body: body)
        do {
            return try client.execute(request, endpoint: target, timeout: readTimeout)
        } catch let error as HTTPClientBodySourceError {
            throw error
        } catch {
            throw Self.unreachable(target, error)
        }
    }

    /// 503 ServiceUnavailable naming the upstream and what went wrong: clients retry it, and the
    /// message tells the person reading it that the cluster, not Pail, is the problem.
    static func unreachable(_ target: HTTPEndpoint, _ error: Error) -> S3Error {
        let what: String
        switch error {
        case HTTPError.timeout: what = "it did not answer in time"
        case HTTPError.connectionClosed, HTTPError.bodyTruncated: what = "it closed the connection"
        case HTTPError.io(let code): what = String(cString: strerror(code))
        case let e as HTTPClientError: what = e.description
        default: what = "\(error)"
        }
        return S3Error("ServiceUnavailable", 503, "Pail's upstream \(target) is unreachable: \(what).")
    }
}
