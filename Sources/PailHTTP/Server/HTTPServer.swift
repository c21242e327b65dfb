import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on POSIX sockets: one accept thread per listener; requests are served with
/// blocking-style I/O (non-blocking sockets waited on with `poll()`, so every wait has a timeout).
/// Idle plain-TCP connections wait in one epoll set (`IdleParker`), not on threads, and are served on
/// the parker's threads; a TLS connection keeps a thread of its own.
///
/// The parker runs about one worker per core; a request that waits (a stalled client, a disk flush,
/// `WorkerThread.blocking`) hands its place to another thread, so it stalls only itself. The handler
/// is called on the thread serving the request.
public final class HTTPServer: Sendable {
    /// Limits and timeouts in force.
    public let configuration: Configuration
    let handler: HTTPHandler
    private struct State {
        var listeners: [Listener] = []
        var connections: [ObjectIdentifier: HTTPConnection] = [:]
        var stopping = false
        /// Connections served on a thread of their own (TLS, or parking off), for `workerThreads`.
        var connectionThreads = 0
    }
    private let state = Mutex(State())
    let idleParker: IdleParker

    /// Creates a server that serves every request with `handler`. Ignores SIGPIPE process-wide.
    public init(handler: HTTPHandler, configuration: Configuration = .init()) {
        SocketOptions.ignoreSIGPIPE()
        self.handler = handler
        self.configuration = configuration
        idleParker = configuration.workers.map { IdleParker(stackSize: configuration.threadStackSize, target: max(1, $0)) }
            ?? IdleParker(stackSize: configuration.threadStackSize)
    }

    /// Starts a listener on `host` (IPv4 or IPv6 literal such as `127.0.0.1` or `::1`, a name, or ""
    /// for all IPv4 interfaces) and `port` (0 picks a free port); with `tls`, connections speak HTTPS.
    /// May be called several times for several listeners. Returns the bound port.
    @discardableResult
    public func listen(host: String, port: UInt16, tls: TLSServerContext? = nil) throws -> UInt16 {
        if isStopping { throw HTTPServerError.shutDown }
        let (fd, bound) = try SocketAddress.listen(host: host, port: port)
        let listener = Listener(fd: fd, tls: tls, server: self)
        state.withLock { $0.listeners.append(listener) }
        listener.start()
        return bound
    }

    /// Connections open right now (idle keep-alive ones included).
    public var activeConnections: Int { state.withLock { $0.connections.count } }

    /// Threads serving requests right now: the idle parker's pool (workers, spares, its monitor)
    /// and the connections that run on a thread of their own (TLS, or `parkIdleConnections` off).
    public var workerThreads: Int {
        idleParker.threadCount + state.withLock { $0.connectionThreads }
    }

    /// Stops accepting, closes idle keep-alive connections, lets in-flight requests finish for up to
    /// `gracePeriod` seconds, then shuts down whatever is left and returns. Responses sent while
    /// shutting down carry `Connection: close`.
    public func shutdown(gracePeriod: TimeInterval) {
        let ls = state.withLock { s in
            s.stopping = true
            defer { s.listeners = [] }
            return s.listeners
        }
        for l in ls { l.stop() }
        defer { idleParker.stop() }  // its threads exit within a scan interval
        for c in snapshot() { c.beginDrain() }
        let deadline = IODeadline.after(gracePeriod)
        while activeConnections > 0 && !deadline.hasPassed { usleep(2_000) }
        guard activeConnections > 0 else { return }
        for c in snapshot() { c.forceClose() }
        // Threads blocked in I/O return at once; one stuck inside a handler cannot be interrupted.
        let last = IODeadline.after(2)
        while activeConnections > 0 && !last.hasPassed { usleep(2_000) }
    }

    private func snapshot() -> [HTTPConnection] { state.withLock { Array($0.connections.values) } }

    /// Takes a freshly accepted socket and starts its connection thread.
    func accepted(fd: Int32, remoteAddress: String, tls: TLSServerContext?) {
        let connection = HTTPConnection(server: self, fd: fd, remoteAddress: remoteAddress, tls: tls)
        let admitted = state.withLock { s in
            if !s.stopping { s.connections[ObjectIdentifier(connection)] = connection }
            return !s.stopping
        }
        guard admitted else {
            Glibc.close(fd)
            return
        }
        if tls == nil && configuration.parkIdleConnections && idleParker.isAvailable {
            // No thread until the first request starts to arrive.
            connection.startParked()
            return
        }
        state.withLock { $0.connectionThreads += 1 }
        let thread = Thread { [self] in
            connection.run()
            state.withLock { $0.connectionThreads -= 1 }
        }
        thread.stackSize = configuration.threadStackSize
        thread.name = "pail-http-conn"
        thread.start()
    }

    func connectionFinished(_ connection: HTTPConnection) {
        _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// True once `shutdown` has begun.
    var isStopping: Bool { state.withLock { $0.stopping } }
}
