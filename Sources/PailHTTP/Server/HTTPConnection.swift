import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One client connection: reads requests, calls the handler, writes responses, and loops while the
/// connection may be kept alive (RFC 9112 §9.3). A plain-TCP connection is parked with the server's
/// `IdleParker` between requests and served on the parker's threads; a TLS one has its own thread.
// Unchecked: `transport`, `reader`, `firstHeadDeadline` and `output` belong to the thread serving the
// connection, and a connection is served by one thread at a time: it moves between threads only
// through the idle parker's lock (parked on one, resumed on another), which orders those accesses.
// What other threads touch (drain, force close) is in `control`.
final class HTTPConnection: @unchecked Sendable {
    private let server: HTTPServer
    private let fd: Int32
    let remoteAddress: String
    private let tls: TLSServerContext?
    let config: HTTPServer.Configuration
    private struct Control {
        var idle = true
        var draining = false
        var closed = false
    }
    private let control = Mutex(Control())
    private var transport: ConnectionTransport?
    /// Response heads are encoded here, reused from one response to the next.
    let output = OutputBuffer()

    init(server: HTTPServer, fd: Int32, remoteAddress: String, tls: TLSServerContext?) {
        self.server = server
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.tls = tls
        self.config = server.configuration
    }

    // MARK: - Control from other threads

    /// Server shutdown: an idle connection is woken and closes; a busy one closes after its response.
    func beginDrain() {
        control.withLock { c in
            c.draining = true
            if c.idle { wake(c) }
        }
    }

    /// Shuts the socket down so any blocked read or write returns now.
    func forceClose() {
        control.withLock { c in
            c.draining = true
            wake(c)
        }
    }

    /// Call inside `control`'s lock, so the descriptor cannot be closed and reused meanwhile.
    private func wake(_ c: Control) {
        if !c.closed { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Marks the connection idle (waiting for a request) or busy. Returns false when the server is
    /// draining and the connection should close instead of waiting.
    private func setIdle(_ value: Bool) -> Bool {
        control.withLock { c in
            c.idle = value
            return !(value && c.draining)
        }
    }

    var isDraining: Bool { control.withLock { $0.draining } }

    private func closeTransport(abort: Bool = false) {
        control.withLock { c in
            guard !c.closed else { return }
            c.closed = true
            // Closed under the lock: `wake` must not shut down a descriptor number already reused.
            if let t = transport {
                if abort { t.abort() } else { t.close() }
            } else {
                Glibc.close(fd)
            }
        }
    }

    /// Closes with a TCP reset; used by `HTTPBodyWriter.abortConnection()`.
    func abortConnection() { closeTransport(abort: true) }

    // MARK: - Serving

    private var reader: ConnectionReader?
    /// The deadline for the first request's head (counted from the accept); nil once it arrived.
    private var firstHeadDeadline: IODeadline?

    /// A plain-TCP connection starts idle in the parker: no thread until its first request arrives,
    /// which must come within the header timeout of the accept.
    func startParked() {
        let deadline = IODeadline.after(config.headerReadTimeout)
        install(SocketTransport(fd: fd), firstHeadDeadline: deadline)
        guard setIdle(true) else { return finish() }
        server.idleParker.park(self, fd: fd, deadline: deadline)
    }

    /// Sets the connection up (TLS handshake included) and serves it on the calling thread.
    func run() {
        let acceptDeadline = IODeadline.after(config.headerReadTimeout)
        let t: ConnectionTransport
        if let tls {
            guard let tt = try? TLSTransport(context: tls, fd: fd) else { return finish() }
            t = tt
        } else {
            t = SocketTransport(fd: fd)
        }
        install(t, firstHeadDeadline: acceptDeadline)
        if let tt = t as? TLSTransport {
            // The handshake counts against the header timeout of the first request.
            guard (try? tt.handshake(deadline: acceptDeadline)) != nil else { return finish() }
        }
        serve()
    }

    /// Takes ownership of the transport (so `forceClose` can reach it) and sets up the read buffer.
    private func install(_ t: ConnectionTransport, firstHeadDeadline deadline: IODeadline) {
        transport = t
        reader = ConnectionReader(transport: t, capacity: max(config.readBufferSize, config.maxHeaderBytes + 1024))
        firstHeadDeadline = deadline
    }

    /// Called by the idle parker when the socket is readable (or hung up): serves on.
    func resume() { serve() }

    /// Called by the idle parker when the connection sat idle past its deadline: closes quietly
    /// (RFC 9112 §9.5).
    func expire() { finish() }

    /// Serves requests until the connection closes or goes idle. An idle plain-TCP connection is
    /// parked (no thread waits for it); a TLS one waits on this thread, because OpenSSL may hold
    /// decrypted bytes that the socket's readiness does not show.
    private func serve() {
        guard let reader, let t = transport else { return finish() }
        let parker = server.idleParker
        while true {
            if reader.buffered == 0 {
                guard setIdle(true) else { return finish() }
                let idleDeadline = firstHeadDeadline ?? .after(config.idleTimeout)
                if let socket = t as? SocketTransport, parker.isAvailable {
                    let ready: Int?
                    do { ready = try reader.fillIfReady(from: socket) } catch { return finish() }
                    guard let n = ready else {
                        parker.park(self, fd: fd, deadline: idleDeadline)
                        return
                    }
                    guard n > 0 else { return finish() }
                } else {
                    guard let n = try? reader.fill(deadline: idleDeadline), n > 0 else { return finish() }
                }
            }
            guard setIdle(false) else { return finish() }
            // Later heads get the header timeout from their first byte.
            let deadline = firstHeadDeadline ?? .after(config.headerReadTimeout)
            firstHeadDeadline = nil
            guard serveRequest(reader: reader, transport: t, headDeadline: deadline) else { return finish() }
        }
    }

    private func finish() {
        closeTransport()
        server.connectionFinished(self)
    }

    /// Serves one request; returns true when the connection stays open for another.
    private func serveRequest(reader: ConnectionReader, transport t: ConnectionTransport,
                              headDeadline: IODeadline) -> Bool {
        let head: HTTPRequestHead
        let framing: RequestFraming
        do {
            guard let h = try RequestHeadReader.read(from: reader, maxHeaderBytes: config.maxHeaderBytes,
                                                     maxHeaderCount: config.maxHeaderCount,
                                                     deadline: headDeadline) else { return false }
            head = h
            try checkHost(head)
            framing = try RequestFraming.determine(head.headers)
        } catch let e as HeadStatusError {
            sendFinal(status: e.status, on: t)
            return false
        } catch HTTPError.timeout {
            sendFinal(status: 408, on: t)
            return false
        } catch {
            return false
        }

        // RFC 9110 §10.1.1 lets a server skip 100 (Continue) when the framing says there is no
        // content, but botocore then keeps the final response's status line for the connection's
        // next `Expect` request, parses that request's answer against it and stalls until the read
        // timeout (boto/botocore#3755: a zero-byte PutObject followed by any PutObject). Sending the
        // 100 keeps such a client on its ordinary path.
        if framing == .empty && Self.expectsContinue(head) {
            _ = try? Self.continueLine.withUnsafeBytes { try t.write($0, stallTimeout: config.writeTimeout) }
        }
        // Most requests (every GET and HEAD) have no body: they share one empty stream.
        let body = framing == .empty ? nil : makeBody(framing, head: head, reader: reader, transport: t)
        let contentLength: Int64?
        switch framing {
        case .empty: contentLength = 0
        case .length(let n): contentLength = n
        case .chunked: contentLength = nil
        }
        let request = HTTPRequest(head: head, body: body ?? Self.noBody, contentLength: contentLength,
                                  remoteAddress: remoteAddress, isSecure: t.isSecure)
        let response = server.handler.handle(request)

        var keepAlive = Self.wantsKeepAlive(head) && !response.closeConnection
        // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means its framing cannot be trusted.
        if head.version == "HTTP/1.0" && framing == .chunked { keepAlive = false }
        if let body, !body.isComplete {
            // A 100 never sent means the client may be holding the body back: close rather than wait
            // (RFC 9110 §10.1.1). Otherwise read and discard a small rest to keep the connection.
            if body.failed || body.continuePending { keepAlive = false }
            else if keepAlive { keepAlive = drain(body) }
        }
        if isDraining { keepAlive = false }
        return writeResponse(response, request: head, keepAlive: keepAlive, transport: t) && keepAlive
    }

    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    /// The body of every request without one; it holds no state.
    private static let noBody = EmptyBodyStream()

    /// The body of a request that has one, framed by `framing`.
    private func makeBody(_ framing: RequestFraming, head: HTTPRequestHead, reader: ConnectionReader,
                          transport t: ConnectionTransport) -> RequestBody {
        // RFC 9110 §10.1.1: 100-continue is ignored in HTTP/1.0 requests; otherwise it is sent only when
        // the handler first reads the body, so a handler that refuses early answers directly.
        let expectsContinue = Self.expectsContinue(head)
        let writeTimeout = config.writeTimeout
        return RequestBody(
            framing: framing, reader: reader, stallTimeout: config.bodyReadTimeout,
            maxTrailerBytes: config.maxHeaderBytes,
            beforeFirstRead: expectsContinue ? {
                try Self.continueLine.withUnsafeBytes { try t.write($0, stallTimeout: writeTimeout) }
            } : nil)
    }

    /// `Expect: 100-continue` on an HTTP/1.1 request (RFC 9110 §10.1.1: HTTP/1.0 ignores it).
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        head.version == "HTTP/1.1"
            && head.headers["Expect"].map { $0.trimmingCharacters(in: .whitespaces).lowercased() == "100-continue" } == true
    }

    /// RFC 9112 §3.2: an HTTP/1.1 request needs exactly one Host field; no request may carry two.
    private func checkHost(_ head: HTTPRequestHead) throws {
        guard config.requireHost else { return }
        let hosts = head.headers.count(of: "Host")
        if hosts > 1 || (hosts == 0 && head.version == "HTTP/1.1") {
            throw HeadStatusError.badRequest("missing or repeated Host")
        }
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless "close" is sent; HTTP/1.0 only with "keep-alive".
    static func wantsKeepAlive(_ head: HTTPRequestHead) -> Bool {
        let http10 = head.version == "HTTP/1.0"
        let token = http10 ? "keep-alive" : "close"
        for field in head.headers where field.name.caseInsensitiveEquals("Connection") {
            if FieldList.contains(field.value, token: token) { return http10 }
        }
        return !http10
    }

    /// Reads and discards what the handler left of the body, up to `maxDrainBytes`. True on success.
    private func drain(_ body: RequestBody) -> Bool {
        if let remaining = body.remainingLength, remaining > config.maxDrainBytes { return false }
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var total: Int64 = 0
        do {
            while total <= config.maxDrainBytes {
                let n = try scratch.withUnsafeMutableBytes { try body.read(into: $0) }
                if n == 0 { return true }
                total += Int64(n)
            }
        } catch {}
        return false
    }

    /// Best-effort write of a final error response (a plain-text body naming `status`) before closing.
    private func sendFinal(status: Int, on t: ConnectionTransport) {
        ResponseHeadEncoder.encodeError(status: status, into: output)
        _ = try? output.drain { try t.write($0, stallTimeout: min(config.writeTimeout, 5)) }
    }
}
