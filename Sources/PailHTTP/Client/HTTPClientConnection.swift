import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 connection from the client to a server (plain or TLS), used by one request at a time.
///
/// Blocking: call it from a dedicated thread, never from the Swift concurrency pool.
// Unchecked: one request at a time uses it, on one thread; between requests it waits in
// `HTTPClient`'s pool, whose lock hands it from the thread that finished with it to the next.
public final class HTTPClientConnection: @unchecked Sendable {
    let transport: ConnectionTransport
    let reader: ConnectionReader
    /// `scheme://host:port`, the pool key.
    public let key: String
    let hostHeader: String
    /// True once the connection has carried a request (a failure before any response byte may then
    /// be a stale keep-alive connection the server closed).
    public internal(set) var used = false
    var reusable = true
    /// True once a `stream` body's source was read: the request can no longer be sent again.
    public internal(set) var consumedStream = false

    init(transport: ConnectionTransport, key: String, hostHeader: String) {
        self.transport = transport
        self.reader = ConnectionReader(transport: transport, capacity: 64 * 1024)
        self.key = key
        self.hostHeader = hostHeader
    }

    /// Connects to `host:port`, with TLS when `tls` is given. Throws `HTTPError.timeout` when the TCP
    /// connect or TLS handshake takes longer than `connectTimeout`, `HTTPError.io` on refusal.
    public static func connect(host: String, port: Int, tls: TLSClientContext?, connectTimeout: Double) throws -> HTTPClientConnection {
        let deadline = IODeadline.after(connectTimeout)
        let fd = try openSocket(host: host, port: port, deadline: deadline)
        SocketOptions.setNoDelay(fd)
        let transport: ConnectionTransport
        if let tls {
            let t: TLSTransport
            do { t = try TLSTransport.client(context: tls, fd: fd, host: host) } catch { _ = Glibc.close(fd); throw error }
            try t.handshake(deadline: deadline)
            transport = t
        } else {
            transport = SocketTransport(fd: fd)
        }
        let scheme = tls == nil ? "http" : "https"
        let defaultPort = tls == nil ? 80 : 443
        let h = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        let hostHeader = port == defaultPort ? h : "\(h):\(port)"
        return HTTPClientConnection(transport: transport, key: "\(scheme)://\(hostHeader)", hostHeader: hostHeader)
    }

    static func openSocket(host: String, port: Int, deadline: IODeadline) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else {
            throw HTTPClientError.cannotConnect("cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(result) }
        var lastError: Error = HTTPClientError.cannotConnect("no address for \(host)")
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { lastError = HTTPError.io(errno); continue }
            SocketOptions.setNonBlocking(fd)
            if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else {
                lastError = HTTPClientError.cannotConnect("\(host):\(port): \(String(cString: strerror(errno)))")
                _ = Glibc.close(fd)
                continue
            }
            do {
                try SocketWait.writable(fd, deadline: deadline)
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                if err == 0 { return fd }
                lastError = HTTPClientError.cannotConnect("\(host):\(port): \(String(cString: strerror(err)))")
            } catch {
                lastError = error
            }
            _ = Glibc.close(fd)
        }
        throw lastError
    }

    /// Sends `request` and reads the response head. With `expectContinue`, sends
    /// `Expect: 100-continue`, waits up to `continueTimeout` for the interim response (RFC 9110
    /// §10.1.1) and sends the body after `100 Continue` or the timeout; a final response that arrives
    /// first is returned without sending the body (the connection is then not reused).
    /// `timeout` bounds each wait for the server (the stall timeout of writes and reads).
    public func send(_ request: HTTPClientRequest, timeout: Double, expectContinue: Bool = false,
                     continueTimeout: Double = 1.0, release: @escaping (HTTPClientConnection, Bool) -> Void) throws -> HTTPClientResponse {
        used = true
        var head = "\(request.method) \(request.target) HTTP/1.1\r\n"
        var headers = request.headers
        if !headers.contains("Host") { head += "Host: \(hostHeader)\r\n" }
        let length = request.body.count
        if request.body.isChunked {
            headers.remove("Content-Length")
            headers.set("Transfer-Encoding", "chunked")
        } else if !headers.contains("Content-Length") && (length > 0 || ["PUT", "POST"].contains(request.method)) {
            headers.add("Content-Length", String(length))
        }
        let wantContinue = expectContinue && (length > 0 || request.body.isChunked)
        if wantContinue { headers.set("Expect", "100-continue") }
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        head += "\r\n"
        var headBytes = Array(head.utf8)
        // Small bodies go out with the head in one write.
        if !wantContinue, case .bytes(let b) = request.body, b.count <= 16 * 1024 {
            headBytes.append(contentsOf: b)
            try headBytes.withUnsafeBytes { try transport.write($0, stallTimeout: timeout) }
        } else {
            try headBytes.withUnsafeBytes { try transport.write($0, stallTimeout: timeout) }
            var sendBody = true
            if wantContinue {
                // Wait for 100 Continue, an early final response, or the timeout.
                do {
                    if reader.buffered == 0 { _ = try reader.fill(deadline: .after(continueTimeout)) }
                    if reader.buffered > 0 {
                        let (status, _, _) = try readHead(timeout: timeout, peekOnly: true)
                        if status != 100 { sendBody = false }
                    } else {
                        throw HTTPError.connectionClosed
                    }
                } catch HTTPError.timeout {
                    // The server said nothing: send anyway, as curl and botocore do.
                }
            }
            if sendBody {
                do {
                    try writeBody(request.body, timeout: timeout)
                } catch let error as HTTPClientBodySourceError {
                    reusable = false
                    throw error
                } catch {
                    // The server may have answered and closed before taking the whole body (an early
                    // 4xx, RFC 9112 §9.6): that answer is worth more than the write error.
                    reusable = false
                    guard let early = try? readResponse(method: request.method, timeout: min(timeout, 5), release: release) else {
                        throw error
                    }
                    return early
                }
            } else {
                reusable = false
            }
        }
        return try readResponse(method: request.method, timeout: timeout, release: release)
    }

    private func writeBody(_ body: HTTPClientBody, timeout: Double) throws {
        switch body {
        case .empty: break
        case .bytes(let b):
            try b.withUnsafeBytes { try transport.write($0, stallTimeout: timeout) }
        case .file(let path, let offset, let count):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw HTTPError.io(errno) }
            defer { _ = Glibc.close(fd) }
            try transport.sendFile(fd: fd, offset: offset, count: count, stallTimeout: timeout)
        case .stream(let source, let length):
            try writeStream(source, length: length, timeout: timeout)
        }
    }

    /// Reads status line and headers. `peekOnly` leaves a final (non-1xx) head unread in the buffer
    /// (used while waiting for 100 Continue); interim 1xx heads are consumed.
    private var pendingHead: (Int, String, HTTPHeaders)?
    private var http10 = false

    private func readHead(timeout: Double, peekOnly: Bool = false) throws -> (Int, String, HTTPHeaders) {
        if let p = pendingHead, !peekOnly { pendingHead = nil; return p }
        while true {
            guard let line = try reader.readLine(maxLength: 16 * 1024, deadline: .after(timeout)) else {
                throw HTTPError.connectionClosed
            }
            if line.isEmpty { continue }
            let (status, reason) = try Self.parseStatusLine(line)
            // HTTP/1.0 responses close unless they ask for keep-alive (RFC 9112 §9.3).
            if line.starts(with: Array("HTTP/1.0".utf8)) { http10 = true }
            var fields: [(name: String, value: String)] = []
            while true {
                guard let l = try reader.readLine(maxLength: 64 * 1024, deadline: .after(timeout)) else {
                    throw HTTPError.connectionClosed
                }
                if l.isEmpty { break }
                do {
                    fields.append(try l.withUnsafeBytes { try HTTPHeadParser.parseField($0) })
                } catch {
                    throw HTTPError.malformed("bad response header line")
                }
                if fields.count > 500 { throw HTTPError.tooManyHeaders }
            }
            if status >= 100 && status < 200 && status != 101 {
                if peekOnly { return (status, reason, HTTPHeaders(fields)) }
                continue
            }
            if peekOnly { pendingHead = (status, reason, HTTPHeaders(fields)) }
            return (status, reason, HTTPHeaders(fields))
        }
    }

    /// status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4).
    static func parseStatusLine(_ line: [UInt8]) throws -> (Int, String) {
        let s = String(decoding: line, as: UTF8.self)
        let parts = s.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]) else {
            throw HTTPError.malformed("bad status line")
        }
        return (code, parts.count > 2 ? String(parts[2]) : "")
    }

    private func readResponse(method: String, timeout: Double,
                              release: @escaping (HTTPClientConnection, Bool) -> Void) throws -> HTTPClientResponse {
        let (status, reason, headers) = try readHead(timeout: timeout)
        // Connection options are tokens (RFC 9110 §7.6.1), matched as the server matches them.
        let connection = headers.values("Connection")
        if connection.contains(where: { FieldList.contains($0, token: "close") }) { reusable = false }
        if http10 && !connection.contains(where: { FieldList.contains($0, token: "keep-alive") }) { reusable = false }
        let body: HTTPBodyStream
        if method == "HEAD" || status == 204 || status == 304 {
            body = EmptyBodyStream()
        } else {
            let framing: RequestFraming
            do { framing = try RequestFraming.determine(headers) } catch {
                throw HTTPError.malformed("bad response framing")
            }
            let hasLength = headers.contains("Content-Length") || headers.contains("Transfer-Encoding")
            if !hasLength {
                reusable = false
                body = UntilCloseBody(reader: reader, stallTimeout: timeout)
            } else if case .empty = framing {
                body = EmptyBodyStream()
            } else {
                body = RequestBody(framing: framing, reader: reader, stallTimeout: timeout,
                                   maxTrailerBytes: 16 * 1024, beforeFirstRead: nil)
            }
        }
        return HTTPClientResponse(status: status, reason: reason, headers: headers, body: body) { [self] ok in
            release(self, ok && self.reusable)
        }
    }

    /// Closes the connection.
    public func close() { transport.close() }
}

/// Client-side connection failures (beyond `HTTPError`).
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
    case cannotConnect(String)
    case badURL(String)

    public var description: String {
        switch self {
        case .cannotConnect(let m): return "cannot connect: \(m)"
        case .badURL(let m): return "bad URL: \(m)"
        }
    }
}
