import Foundation

extension HTTPServer {
    /// Limits and timeouts of an `HTTPServer`.
    public struct Configuration: Sendable {
        /// Largest request head (request line and header fields); more gets 431.
        public var maxHeaderBytes: Int = 64 * 1024
        /// Most header fields in one request; more gets 431.
        public var maxHeaderCount: Int = 200
        /// Time allowed for a whole request head to arrive, counted from its first byte (and for the
        /// first request, from the accept, including the TLS handshake). A client that trickles its
        /// head (slow loris) is cut off.
        public var headerReadTimeout: TimeInterval = 30
        /// How long a keep-alive connection may sit idle between requests before it is closed.
        public var idleTimeout: TimeInterval = 60
        /// Longest stall of a single request-body read before `HTTPError.timeout`.
        public var bodyReadTimeout: TimeInterval = 60
        /// Longest stall of a response write (peer not reading) before the connection is closed.
        public var writeTimeout: TimeInterval = 60
        /// Unread request-body bytes the server reads and discards after the handler, to keep the
        /// connection open; above this it closes instead.
        public var maxDrainBytes: Int64 = 1024 * 1024
        /// Refuse HTTP/1.1 requests without exactly one Host field with 400 (RFC 9112 §3.2).
        public var requireHost: Bool = true
        /// Stack size of each connection thread; the handler runs on it. 512 KiB leaves room for
        /// unoptimised (debug) builds of handlers while 1000+ idle connections stay cheap.
        public var threadStackSize: Int = 512 * 1024
        /// Size of each connection's read buffer (raised to fit `maxHeaderBytes`).
        public var readBufferSize: Int = 64 * 1024
        /// Wait for the next request of an idle plain-TCP connection in one shared epoll set instead
        /// of on a thread per connection (`IdleParker`). Off gives the thread-per-connection model.
        public var parkIdleConnections: Bool = true
        /// Worker threads that serve ready connections at once (nil: one per core, at least two).
        public var workers: Int? = nil

        public init() {}
    }
}
