/// Where a response body's bytes go. Implemented by the connection.
public protocol HTTPBodyWriter: AnyObject {
    /// Writes bytes to the peer, blocking until they are handed to the kernel.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Sends `count` bytes of the open file `fd` from `offset` (sendfile on plain sockets, read+write
    /// under TLS). The caller keeps ownership of `fd`.
    func sendFile(fd: Int32, offset: Int64, count: Int64) throws
    /// Closes the connection at once (TCP reset), for fault injection and fatal errors.
    func abortConnection()
    /// Sends anything held back (the response head) now, e.g. before pausing mid-response.
    func flush() throws
}

/// A response body.
public enum HTTPResponseBody {
    case empty
    case bytes([UInt8])
    /// A body of exactly `length` bytes produced by `produce`. If `produce` throws or writes fewer
    /// bytes, the connection is closed so the client sees a truncated body, never a wrong one.
    case stream(length: Int64, produce: (HTTPBodyWriter) throws -> Void)
}

/// A response: status, headers and body. `Content-Length` is added by the server from the body.
public struct HTTPResponse {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: HTTPResponseBody
    /// Send no body bytes even though Content-Length describes one (HEAD).
    public var omitBody: Bool = false
    /// Close the connection after this response.
    public var closeConnection: Bool = false

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: HTTPResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body length that goes into Content-Length.
    public var bodyLength: Int64 {
        switch body {
        case .empty: return 0
        case .bytes(let b): return Int64(b.count)
        case .stream(let length, _): return length
        }
    }
}

/// What serves requests. Called on the connection's own thread; blocking is allowed.
public protocol HTTPHandler: AnyObject, Sendable {
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

/// Errors of the HTTP layer.
public enum HTTPError: Error, Equatable {
    case malformed(String)
    case headerTooLarge
    case tooManyHeaders
    case bodyTooLarge
    case bodyTruncated
    case timeout
    case connectionClosed
    case io(Int32)
}
