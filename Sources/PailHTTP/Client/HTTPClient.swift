import Foundation
import Synchronization

/// A blocking HTTP/1.1 client with a keep-alive connection pool per `scheme://host:port`.
///
/// Thread-safe: many threads may run requests at once, each on its own connection. Blocking: run it
/// on dedicated threads, never on the Swift concurrency pool (swift-linux.md pitfall 3).
public final class HTTPClient: Sendable {
    /// TLS trust for `https` endpoints.
    public let tls: TLSClientContext?
    public let connectTimeout: Double
    /// Idle connections kept per host.
    public let maxIdlePerHost: Int
    private let idle = Mutex<[String: [HTTPClientConnection]]>([:])

    public init(tls: TLSClientContext?, connectTimeout: Double = 10, maxIdlePerHost: Int = 16) {
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.maxIdlePerHost = maxIdlePerHost
    }

    deinit { closeIdle() }

    /// Sends `request` to `endpoint` and returns the response head; the caller reads the body.
    /// A reused connection that fails before any response byte (the server closed it while idle) is
    /// replaced by the next pooled one, or by a new one when the pool is empty. Every pooled connection
    /// may have been closed by the same idle timeout, so each one that fails so is passed over, not only
    /// the first; a new connection that fails is an error. A stream body already read is never resent.
    public func execute(_ request: HTTPClientRequest, endpoint: HTTPEndpoint, timeout: Double,
                        expectContinue: Bool = false) throws -> HTTPClientResponse {
        var isStream = false
        if case .stream = request.body { isStream = true }
        while true {
            var (conn, reused) = try checkout(endpoint)
            // A stream body cannot be sent twice: make sure a pooled connection is still open first.
            while isStream && reused && conn.isStale {
                conn.close()
                (conn, reused) = try checkout(endpoint)
            }
            do {
                return try conn.send(request, timeout: timeout, expectContinue: expectContinue) { [weak self] c, ok in
                    self?.checkin(c, reusable: ok)
                }
            } catch {
                conn.close()
                let stale = reused && !conn.consumedStream
                    && (error as? HTTPError).map { $0 == .connectionClosed || $0 == .io(ECONNRESET) || $0 == .io(EPIPE) } == true
                if stale { continue }
                throw error
            }
        }
    }

    private func checkout(_ endpoint: HTTPEndpoint) throws -> (HTTPClientConnection, Bool) {
        let key = "\(endpoint.scheme)://\(endpoint.hostHeader)"
        let pooled = idle.withLock { idle -> HTTPClientConnection? in
            guard var list = idle[key], let c = list.popLast() else { return nil }
            idle[key] = list
            return c
        }
        if let pooled { return (pooled, true) }
        guard !endpoint.isSecure || tls != nil else { throw HTTPClientError.badURL("https without a TLS context") }
        let c = try HTTPClientConnection.connect(host: endpoint.host, port: endpoint.port,
                                                 tls: endpoint.isSecure ? tls : nil, connectTimeout: connectTimeout)
        return (c, false)
    }

    private func checkin(_ c: HTTPClientConnection, reusable: Bool) {
        guard reusable else { c.close(); return }
        let kept = idle.withLock { idle in
            guard idle[c.key, default: []].count < maxIdlePerHost else { return false }
            idle[c.key, default: []].append(c)
            return true
        }
        if !kept { c.close() }
    }

    /// Closes every idle connection.
    public func closeIdle() {
        let all = idle.withLock { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for c in all { c.close() }
    }
}
