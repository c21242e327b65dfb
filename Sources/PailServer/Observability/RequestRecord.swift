import Foundation
import PailFaults

/// What one finished request did: the facts the access log writes and the metrics count. Built once,
/// where the response is complete, and handed to each observer (`RequestObservers`).
struct RequestRecord: Sendable {
    /// When the request arrived, by the server clock.
    var received: Date
    var requestID: String
    /// `host:port` of the peer.
    var remoteAddress: String
    var method: String
    /// The raw request target, as sent.
    var target: String
    /// The signer's access key (the one claimed when the signature failed), nil when unsigned.
    var accessKey: String?
    var operation: ObservedOperation
    var bucket: String?
    var key: String?
    var status: Int
    /// The error code of an error response (`NoSuchKey`, `SlowDown`), nil on success.
    var errorCode: String?
    /// Request body bytes the server read (decoded from chunked framing; aws-chunked signatures count).
    var bytesIn: Int64
    /// Response body bytes declared (Content-Length); 0 for HEAD and bodiless responses.
    var bytesOut: Int64
    /// Monotonic nanoseconds from arrival until the response was ready to send.
    var durationNanos: UInt64
    /// The faults that fired, in firing order.
    var faults: [FiredFault]
    /// The authorization decision with the rule that made it, when decisions are recorded.
    var authorization: String?
    /// Whether the request became an S3 request (addressed, with an operation); the console's live
    /// view shows the raw path of those that did not (admin API, console pages, early errors).
    var addressed = false
}
