import Foundation
import PailHTTP
import PailS3
import PailFaults

extension S3Service {
    /// `GET /_pail/requests[?since=SEQ]`: the recent requests (`RequestRing`), oldest first, only those
    /// numbered above SEQ when given; `{"lastSeq": N, "capacity": C, "requests": [...]}`.
    ///
    /// Unlike the rest of the admin API this asks for the root user's signature on loopback too: the
    /// records name every caller's buckets and keys, and the console that reads them signs anyway.
    /// Anonymous or non-root callers get 403 AccessDenied (S3 XML), a bad `since` 400 (JSON).
    func requestsResponse(_ http: HTTPRequest, requestID: String, received: Date) throws -> HTTPResponse {
        let request = S3Request(http: http, requestID: requestID, bucket: nil, key: nil, received: received)
        let auth = try adminAuthenticator.authenticate(request)
        guard auth.principal.accessKey == configuration.rootAccessKey else { throw S3Error.accessDenied() }
        guard http.head.method == "GET" else { return AdminAPI.notAllowed("GET") }
        var since = 0
        if let value = request.param("since") {
            guard let n = Int(value) else { return AdminAPI.error(400, "since must be a number") }
            since = n
        }
        let (records, lastSeq) = observers.recent.records(since: since)
        return AdminAPI.json(200, RequestList(lastSeq: lastSeq, capacity: observers.recent.capacity, requests: records))
    }

    /// True for the path `requestsResponse` serves.
    static func isRequestsPath(_ rawPath: Substring) -> Bool {
        rawPath == "/_pail/requests" || rawPath == "/_pail/requests/"
    }
}

/// The body of `GET /_pail/requests`.
struct RequestList: Encodable {
    var lastSeq: Int
    var capacity: Int
    var requests: [RecentRequest]
}
