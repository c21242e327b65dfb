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

/// A request body that can be sent again on a retry (it is never consumed).
public enum HTTPClientBody: Sendable {
    case empty
    case bytes([UInt8])
    /// `count` bytes of the file at `path` from `offset`; sent with sendfile (plain) or pread (TLS).
    case file(path: String, offset: Int64, count: Int64)

    /// The Content-Length this body sends.
    public var count: Int64 {
        switch self {
        case .empty: return 0
        case .bytes(let b): return Int64(b.count)
        case .file(_, _, let c): return c
        }
    }
}
