/// Finds the end of a request head in the connection buffer and hands it to `HTTPHeadParser`.
enum RequestHeadReader {
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Returns the next request head, or nil when the peer closed cleanly before sending a byte.
    ///
    /// Throws `HeadStatusError` (431 once `maxHeaderBytes` arrive without the empty line that ends the
    /// head), `HTTPError.timeout` when `deadline` passes, `HTTPError.connectionClosed` on a cut head.
    static func read(from reader: ConnectionReader, maxHeaderBytes: Int, maxHeaderCount: Int,
                     deadline: IODeadline) throws -> HTTPRequestHead? {
        var scan = 0, lineStart = 0
        outer: while true {
            let b = reader.bytes
            // Jump from LF to LF: a presigned URL makes the request line several hundred bytes long.
            while let lfAt = HTTPHeadParser.find(lf, in: b, from: scan) {
                scan = lfAt + 1
                var contentEnd = lfAt
                if contentEnd > lineStart && b[contentEnd - 1] == cr { contentEnd -= 1 }
                guard contentEnd == lineStart else {
                    lineStart = scan
                    continue
                }
                if lineStart == 0 {
                    // RFC 9112 §2.2: ignore empty lines received before the request line.
                    reader.consume(scan)
                    scan = 0
                    continue outer
                }
                let head = try HTTPHeadParser.parse(UnsafeRawBufferPointer(rebasing: b[0..<lineStart]),
                                                    maxHeaderCount: maxHeaderCount)
                reader.consume(scan)
                return head
            }
            scan = b.count
            if b.count >= maxHeaderBytes {
                throw HeadStatusError(status: 431, reason: "request header block too large")
            }
            if try reader.fill(deadline: deadline) == 0 {
                if reader.buffered == 0 { return nil }
                throw HTTPError.connectionClosed
            }
        }
    }
}
