import Foundation
import PailS3

/// One served request as the console's live view shows it (`GET /_pail/requests`): a view of the
/// `RequestRecord` the ring keeps, made only when the live view asks.
struct RecentRequest: Sendable {
    /// Position in the server's sequence of records, from 1; `since` in the API compares with it.
    var seq: Int = 0
    /// When the request arrived, by the server clock.
    var received: Date
    var method: String
    /// The S3 operation (`PutObject`), or nil for requests that never became S3 requests (admin API,
    /// console pages, errors before addressing).
    var operation: String?
    var bucket: String?
    var key: String?
    /// The raw path, kept only when there is no operation, so those requests still say what they were.
    var path: String?
    var status: Int
    /// Time from arrival to the response head being ready (the body may stream on afterwards).
    var durationNanos: UInt64
    /// The faults that fired, as in the access log (`r1:error=503:SlowDown`).
    var faults: [String]
    var requestID: String
}

extension RecentRequest {
    init(seq: Int, record r: RequestRecord) {
        self.init(seq: seq, received: r.received, method: r.method, operation: r.addressed ? r.operation.name : nil,
                  bucket: r.bucket, key: r.key, path: r.addressed ? nil : String(r.target.prefix { $0 != "?" }),
                  status: r.status, durationNanos: r.durationNanos, faults: r.faults.map(\.logDescription),
                  requestID: r.requestID)
    }
}

extension RecentRequest: Encodable {
    private enum CodingKeys: String, CodingKey {
        case seq, time, method, operation, bucket, key, path, status, ms, faults, requestId
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(S3Date.iso8601(received), forKey: .time)
        try c.encode(method, forKey: .method)
        try c.encodeIfPresent(operation, forKey: .operation)
        try c.encodeIfPresent(bucket, forKey: .bucket)
        try c.encodeIfPresent(key, forKey: .key)
        try c.encodeIfPresent(path, forKey: .path)
        try c.encode(status, forKey: .status)
        // Milliseconds with microsecond resolution: most local requests take well under 1 ms.
        try c.encode(Double(durationNanos / 1_000) / 1_000, forKey: .ms)
        try c.encode(faults, forKey: .faults)
        try c.encode(requestID, forKey: .requestId)
    }
}
