#if canImport(Glibc)
import Glibc
#endif

extension HTTPClientConnection {
    /// Buffer for relaying a `stream` body: one per request, so memory stays flat whatever the size.
    static let streamBufferSize = 1024 * 1024

    /// Sends a `stream` body: `length` bytes as they are, or chunked (RFC 9112 §7.1) when `length` is nil.
    /// A source that ends early or runs long throws `HTTPClientBodySourceError` wrapping
    /// `HTTPError.bodyTruncated` / `HTTPError.bodyTooLarge`.
    func writeStream(_ source: HTTPBodyStream, length: Int64?, timeout: Double) throws {
        // Sized to the body when it is small: a large allocation is an mmap and munmap per request.
        let size = length.map { Int(max(4096, min($0 + 1, Int64(Self.streamBufferSize)))) } ?? Self.streamBufferSize
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var sent: Int64 = 0
        var ended = false
        while !ended {
            consumedStream = true
            // At least half a buffer goes out at a time (fewer, larger writes wake the server less often),
            // and each read is offered at least half the buffer (a relay needs room to work in).
            var n = 0
            do {
                repeat {
                    let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[n...]))
                    if got == 0 { ended = true; break }
                    n += got
                } while n <= buffer.count / 2
            } catch { throw HTTPClientBodySourceError(error) }
            if n == 0 { break }
            sent += Int64(n)
            if let length, sent > length { throw HTTPClientBodySourceError(HTTPError.bodyTooLarge) }
            let data = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            if length == nil {
                let size = Array((String(n, radix: 16) + "\r\n").utf8)
                try size.withUnsafeBytes { try transport.write($0, stallTimeout: timeout) }
                try transport.write(data, stallTimeout: timeout)
                try [UInt8]([13, 10]).withUnsafeBytes { try transport.write($0, stallTimeout: timeout) }
            } else {
                try transport.write(data, stallTimeout: timeout)
            }
        }
        if let length, sent != length { throw HTTPClientBodySourceError(HTTPError.bodyTruncated) }
        if length == nil {
            try Array("0\r\n\r\n".utf8).withUnsafeBytes { try transport.write($0, stallTimeout: timeout) }
        }
    }

    /// True when an idle pooled connection can no longer carry a request: the server closed it (end of
    /// stream) or sent bytes nobody asked for. Checked without waiting.
    public var isStale: Bool {
        if reader.buffered > 0 { return true }
        do {
            _ = try reader.fill(deadline: .after(0))
            return true
        } catch HTTPError.timeout {
            return false
        } catch {
            return true
        }
    }
}
