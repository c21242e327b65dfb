import PailHTTP
import PailS3

/// Gateway mode's handler stage: sends a request Pail has accepted (faults before, authentication,
/// authorization all done) to the upstream S3 and relays its answer, in place of the local handlers.
///
/// The client's headers, query and body go up as sent, apart from what belongs to the hop or to
/// the client's own signature: Pail signs again with the cluster's credentials (`Upstream`), maps
/// bucket names through the optional prefix (`BucketPrefixMapping`), and checks the body on the way
/// (`RelayedPayload`). Bodies stream both ways through one buffer each way.
final class UpstreamForwarder {
    let upstream: Upstream
    let mapping: BucketPrefixMapping

    init(settings: UpstreamSettings) throws {
        upstream = try Upstream(settings: settings)
        mapping = BucketPrefixMapping(prefix: settings.prefix)
    }

    /// Forwards `r` and returns the upstream's answer (or what a gateway-mode fault makes of it).
    func forward(_ r: S3Request) throws -> HTTPResponse {
        if let bucket = r.bucket, bucket.isEmpty || bucket.utf8.count > 255 { throw S3Error.noSuchBucket(bucket) }
        if r.operation == .createBucket, let bucket = r.bucket, !mapping.isIdentity {
            // With a prefix the upstream would accept names S3 refuses ("ab" becomes "exp1-ab"): the
            // client's name must be valid on its own, and still fit once prefixed.
            guard BucketName.isValid(bucket), BucketName.isValid(upstream.bucketName(bucket)) else {
                throw S3Error.invalidBucketName(bucket)
            }
        }
        if let keepOld = r.faults.lostWriteKeepsOld, r.operation == .putObject {
            return try loseWrite(r, keepOld: keepOld)
        }
        var query = Self.forwardedQuery(r)
        if r.operation == .listBuckets { query = mapping.listBucketsQuery(query) }
        if r.faults.staleRead, r.operation == .getObject || r.operation == .headObject, r.param("versionId") == nil,
           let bucket = r.bucket, let key = r.key {
            switch try previousVersion(bucket: bucket, key: key) {
            case .version(let id): query += (query.isEmpty ? "" : "&") + "versionId=" + URIEncoding.encode(id, encodeSlash: true)
            case .absent: throw S3Error.noSuchKey(key)
            case .current: break
            }
        }
        let outgoing = try OutgoingRequest(r, forwarder: self)
        let response: HTTPClientResponse
        do {
            response = try upstream.send(method: r.method, bucket: r.bucket.map(upstream.bucketName), key: r.key, query: query,
                                         headers: outgoing.headers, body: outgoing.body, payloadHash: outgoing.payloadHash)
        } catch let error as HTTPClientBodySourceError {
            throw Self.clientBodyError(error.underlying)
        }
        return try relay(response, for: r)
    }

    /// What reading the client's body failed with, as the S3 error local mode gives.
    static func clientBodyError(_ error: Error) -> Error {
        switch error {
        case let e as S3Error: return e
        case let e as HTTPError: return PayloadReader.map(e)
        default: return error
        }
    }

    /// The query to send upstream: the client's parameters in order, re-encoded once as SigV4 encodes
    /// them (so `+` and `%2B` cannot be read two ways), without those of the client's own presigned
    /// signature (SigV4 and SigV2 query authentication).
    static func forwardedQuery(_ r: S3Request) -> String {
        let sigV2 = r.has("AWSAccessKeyId")
        return URIEncoding.reencodedQuery(r.http.head.rawQuery) { name in
            Self.presignNames.contains { $0.elementsEqual(name) } || (sigV2 && Self.sigV2Names.contains { $0.elementsEqual(name) })
        }
    }

    /// Query parameters of SigV4 presigned URLs (sigv4-query-string-auth.html), as bytes: compared
    /// with each decoded name in place.
    static let presignNames: [[UInt8]] = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Signature", "X-Amz-Security-Token",
    ].map { Array($0.utf8) }
    /// Query parameters of SigV2 query authentication (RESTAuthentication.html#RESTAuthenticationQueryStringAuth).
    static let sigV2Names: [[UInt8]] = ["AWSAccessKeyId", "Signature", "Expires", "x-amz-security-token"].map { Array($0.utf8) }
}
