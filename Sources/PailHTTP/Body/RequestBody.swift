/// The body of one request, read from the connection: Content-Length or chunked (RFC 9112 §6, §7.1).
///
/// Never buffers the whole body: each read copies from the connection buffer or reads from the socket
/// straight into the caller's buffer. Sends `100 Continue` before the first read when the client asked
/// for it (RFC 9110 §10.1.1).
final class RequestBody: HTTPBodyStream {
    fileprivate enum State {
        case length(remaining: Int64)
        case chunkSize
        case chunkData(remaining: Int64)
        case chunkDataEnd
        case done
    }

    private let reader: ConnectionReader
    private let stallTimeout: Double
    private let maxLineLength: Int
    private let maxTrailerBytes: Int
    private var state: State
    /// Called once, before the first read that needs bytes from the peer.
    private var beforeFirstRead: (() throws -> Void)?
    /// Set when a read threw: the connection's framing is lost and it must close.
    private(set) var failed = false
    /// Body bytes handed to the caller.
    private(set) var bytesRead: Int64 = 0

    init(framing: RequestFraming, reader: ConnectionReader, stallTimeout: Double, maxLineLength: Int = 4096,
         maxTrailerBytes: Int, beforeFirstRead: (() throws -> Void)?) {
        self.reader = reader
        self.stallTimeout = stallTimeout
        self.maxLineLength = maxLineLength
        self.maxTrailerBytes = maxTrailerBytes
        switch framing {
        case .empty: state = .done
        case .length(let n): state = .length(remaining: n)
        case .chunked: state = .chunkSize
        }
        self.beforeFirstRead = state.isDone ? nil : beforeFirstRead
    }

    /// True once the whole body, including a chunked body's trailer section, has been consumed.
    var isComplete: Bool { state.isDone }

    /// Bytes still expected for a Content-Length body; nil for chunked.
    var remainingLength: Int64? {
        if case .length(let r) = state { return r }
        if case .done = state { return 0 }
        return nil
    }

    /// True while a `100 Continue` is still owed (the body was never asked for).
    var continuePending: Bool { beforeFirstRead != nil }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if failed { throw HTTPError.bodyTruncated }
        do {
            if let hook = beforeFirstRead {
                beforeFirstRead = nil
                try hook()
            }
            let n = try readBody(into: buffer)
            bytesRead += Int64(n)
            return n
        } catch {
            failed = true
            throw error
        }
    }

    private func readBody(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            switch state {
            case .done:
                return 0
            case .length(let remaining):
                let n = try readSome(into: buffer, limit: remaining)
                state = remaining - Int64(n) == 0 ? .done : .length(remaining: remaining - Int64(n))
                return n
            case .chunkData(let remaining):
                let n = try readSome(into: buffer, limit: remaining)
                state = remaining - Int64(n) == 0 ? .chunkDataEnd : .chunkData(remaining: remaining - Int64(n))
                return n
            case .chunkDataEnd:
                // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF (RFC 9112 §7.1)
                guard let line = try readLine() else { throw HTTPError.bodyTruncated }
                guard line.isEmpty else { throw HTTPError.malformed("chunk data not followed by CRLF") }
                state = .chunkSize
            case .chunkSize:
                guard let line = try readLine() else { throw HTTPError.bodyTruncated }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    try skipTrailers()
                    state = .done
                    return 0
                }
                state = .chunkData(remaining: size)
            }
        }
    }

    private func readSome(into buffer: UnsafeMutableRawBufferPointer, limit: Int64) throws -> Int {
        let count = Int(min(Int64(buffer.count), limit))
        let n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]),
                                deadline: .after(stallTimeout))
        if n == 0 { throw HTTPError.bodyTruncated }
        return n
    }

    private func readLine() throws -> [UInt8]? {
        try reader.readLine(maxLength: maxLineLength, deadline: .after(stallTimeout))
    }

    /// trailer-section = *( field-line CRLF ), ended by an empty line (RFC 9112 §7.1.2). Trailer fields
    /// are read and discarded: nothing here may change how the request is handled.
    private func skipTrailers() throws {
        var total = 0
        while true {
            guard let line = try readLine() else { throw HTTPError.bodyTruncated }
            if line.isEmpty { return }
            total += line.count + 2
            if total > maxTrailerBytes { throw HTTPError.malformed("trailer section too large") }
        }
    }

    /// chunk-size = 1*HEXDIG, then optional chunk-ext = *( BWS ";" BWS chunk-ext-name [ ... ] ),
    /// which are ignored (RFC 9112 §7.1.1).
    static func parseChunkSize(_ line: [UInt8]) throws -> Int64 {
        var size: Int64 = 0
        var digits = 0
        var i = 0
        while i < line.count {
            let b = line[i]
            let v: Int64
            switch b {
            case 0x30...0x39: v = Int64(b - 0x30)
            case 0x41...0x46: v = Int64(b - 0x41 + 10)
            case 0x61...0x66: v = Int64(b - 0x61 + 10)
            default: v = -1
            }
            if v < 0 { break }
            if digits >= 15 { throw HTTPError.malformed("chunk size too large") }
            size = size * 16 + v
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw HTTPError.malformed("missing chunk size") }
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        if i < line.count {
            guard line[i] == UInt8(ascii: ";") else { throw HTTPError.malformed("invalid chunk size line") }
            for b in line[i...] where !HTTPTokens.isFieldValueByte(b) {
                throw HTTPError.malformed("invalid chunk extension")
            }
        }
        return size
    }
}

private extension RequestBody.State {
    var isDone: Bool { if case .done = self { return true } else { return false } }
}
