/// A request as the client sends it: the raw target is written as given (never normalised, since
/// SigV4 signs those exact bytes).
public struct HTTPClientRequest: Sendable {
    public var method: String
    /// Raw request target: `/bucket/a%20b?list-type=2`.
    public var target: String
    /// Sent in this order; `Host` and `Content-Length` are added by the connection when missing.
    public var headers: HTTPHeaders
    public var body: HTTPClientBody

    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: HTTPClientBody = .empty) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

/// A request body. Every kind but `stream` can be sent again on a retry (it is never consumed).
// Unchecked: a `stream` source is not Sendable (it reads a connection); it is read only by the one
// request that sends it. The other cases are values.
public enum HTTPClientBody: @unchecked Sendable {
    case empty
    case bytes([UInt8])
    /// `count` bytes of the file at `path` from `offset`; sent with sendfile (plain) or pread (TLS).
    case file(path: String, offset: Int64, count: Int64)
    /// Bytes read once from `source` as they are sent (a relayed body, in flat memory): exactly `length`
    /// of them with `Content-Length`, or with `Transfer-Encoding: chunked` when `length` is nil. A request
    /// with such a body is retried only when none of it was read. An error `source` throws reaches the
    /// caller wrapped in `HTTPClientBodySourceError`, and the connection is dropped.
    case stream(HTTPBodyStream, length: Int64?)

    /// The Content-Length this body sends (0 for a chunked stream).
    public var count: Int64 {
        switch self {
        case .empty: return 0
        case .bytes(let b): return Int64(b.count)
        case .file(_, _, let c): return c
        case .stream(_, let length): return length ?? 0
        }
    }

    /// True for a stream of unknown length (sent chunked).
    var isChunked: Bool {
        if case .stream(_, nil) = self { return true }
        return false
    }
}

/// An error the source of a `stream` body threw while the request was being sent.
public struct HTTPClientBodySourceError: Error {
    public var underlying: Error
    public init(_ underlying: Error) { self.underlying = underlying }
}
