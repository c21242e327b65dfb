/// A response head and its body stream. Read the body to its end (or call `discard()`), then the
/// connection goes back to its pool; `close()` drops it instead.
public final class HTTPClientResponse {
    public let status: Int
    public let reason: String
    public let headers: HTTPHeaders
    private let body: HTTPBodyStream
    private var release: ((Bool) -> Void)?
    private var finished = false

    init(status: Int, reason: String, headers: HTTPHeaders, body: HTTPBodyStream, release: @escaping (Bool) -> Void) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.release = release
        if body is EmptyBodyStream { finish(reusable: true) }
    }

    deinit { release?(false) }

    /// Reads up to `buffer.count` body bytes; 0 at the end. Throws `HTTPError.bodyTruncated` when the
    /// connection ends early (the connection is then dropped).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished { return 0 }
        do {
            let n = try body.read(into: buffer)
            if n == 0 { finish(reusable: true) }
            return n
        } catch {
            finish(reusable: false)
            throw error
        }
    }

    /// Reads the whole body, refusing more than `limit` bytes.
    public func readAll(limit: Int = 64 << 20) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { close(); throw HTTPError.bodyTooLarge }
        }
    }

    /// Reads and drops the rest of the body so the connection can be reused; a large remainder closes
    /// the connection instead.
    public func discard() {
        guard !finished else { return }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var total = 0
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
                if n == 0 { return }
                total += n
                if total > 1 << 20 { close(); return }
            }
        } catch { close() }
    }

    /// Drops the connection without reading further.
    public func close() { finish(reusable: false) }

    private func finish(reusable: Bool) {
        guard !finished else { return }
        finished = true
        let r = release
        release = nil
        r?(reusable)
    }
}

/// A body delimited by the connection's end (a response without Content-Length or chunked coding).
final class UntilCloseBody: HTTPBodyStream {
    private let reader: ConnectionReader
    private let stallTimeout: Double
    init(reader: ConnectionReader, stallTimeout: Double) {
        self.reader = reader
        self.stallTimeout = stallTimeout
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try reader.read(into: buffer, deadline: .after(stallTimeout))
    }
}
