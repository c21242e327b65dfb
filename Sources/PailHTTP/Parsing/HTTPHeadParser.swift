#if canImport(Glibc)
import Glibc
#endif

/// Parses a request line and header block (RFC 9112 §2–§5) from the bytes of one complete head.
enum HTTPHeadParser {
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    private static let sp = UInt8(ascii: " "), htab = UInt8(ascii: "\t"), colon = UInt8(ascii: ":")

    /// `head` holds the request line and the field lines, each ending in LF (CRLF or bare LF, RFC 9112
    /// §2.2), without the final empty line. A last line without LF counts as a line, CR included.
    ///
    /// More than `maxHeaderCount` field lines get 431, before any fault in a line; otherwise the request
    /// line and each field line are checked in order, and the first fault is the one thrown.
    static func parse(_ head: UnsafeRawBufferPointer, maxHeaderCount: Int) throws -> HTTPRequestHead {
        var lines = LineCursor(head)
        guard let requestLine = lines.next() else { throw HeadStatusError.badRequest("empty request") }
        let tooMany = HeadStatusError(status: 431, reason: "too many header fields")
        do {
            let (method, target, version) = try parseRequestLine(requestLine)
            var fields: [(name: String, value: String)] = []
            fields.reserveCapacity(min(maxHeaderCount, 16))
            while let line = lines.next() {
                if fields.count == maxHeaderCount { throw tooMany }
                fields.append(try parseField(line))
            }
            return HTTPRequestHead(method: method, target: target, version: version, headers: HTTPHeaders(fields))
        } catch let fault as HeadStatusError where fault != tooMany {
            // Too many fields outranks a fault in any line; counted only on this path, as most heads are fine.
            if LineCursor(head).count - 1 > maxHeaderCount { throw tooMany }
            throw fault
        }
    }

    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), single spaces only.
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws -> (String, String, String) {
        if find(cr, in: line, from: 0) != nil { throw HeadStatusError.badRequest("bare CR in request line") }
        guard let sp1 = find(sp, in: line, from: 0), let sp2 = find(sp, in: line, from: sp1 + 1) else {
            throw HeadStatusError.badRequest("malformed request line")
        }
        let method = UnsafeRawBufferPointer(rebasing: line[0..<sp1])
        let target = UnsafeRawBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
        let v = UnsafeRawBufferPointer(rebasing: line[(sp2 + 1)...])
        guard HTTPTokens.isToken(method) else { throw HeadStatusError.badRequest("invalid method") }
        guard !target.isEmpty, HTTPTokens.areTargetBytes(target) else {
            throw HeadStatusError.badRequest("invalid request target")
        }
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard v.count == 8, v[0] == UInt8(ascii: "H"), v[1] == UInt8(ascii: "T"), v[2] == UInt8(ascii: "T"),
              v[3] == UInt8(ascii: "P"), v[4] == UInt8(ascii: "/"), isDigit(v[5]), v[6] == UInt8(ascii: "."),
              isDigit(v[7]) else {
            throw HeadStatusError.badRequest("malformed HTTP version")
        }
        guard v[5] == UInt8(ascii: "1"), v[7] == UInt8(ascii: "0") || v[7] == UInt8(ascii: "1") else {
            throw HeadStatusError(status: 505, reason: "HTTP version not supported")
        }
        return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self),
                v[7] == UInt8(ascii: "1") ? "HTTP/1.1" : "HTTP/1.0")
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5).
    static func parseField(_ line: UnsafeRawBufferPointer) throws -> (name: String, value: String) {
        guard let first = line.first else { throw HeadStatusError.badRequest("empty field line") }
        // RFC 9112 §5.2: obs-fold (a line starting with SP or HTAB) is rejected with 400.
        if first == sp || first == htab { throw HeadStatusError.badRequest("obsolete line folding") }
        // RFC 9112 §5.1: no whitespace between field name and colon; the name is a token. One pass finds
        // the name's end; a line without any colon is reported as such, whatever its name holds.
        var c = 0
        while c < line.count && HTTPTokens.isTchar(line[c]) { c += 1 }
        guard c < line.count, line[c] == colon else {
            if find(colon, in: line, from: c) == nil { throw HeadStatusError.badRequest("field line without colon") }
            throw HeadStatusError.badRequest("invalid field name")
        }
        guard c > 0 else { throw HeadStatusError.badRequest("invalid field name") }
        let name = UnsafeRawBufferPointer(rebasing: line[0..<c])
        var lo = c + 1, hi = line.count
        while lo < hi, line[lo] == sp || line[lo] == htab { lo += 1 }
        while hi > lo, line[hi - 1] == sp || line[hi - 1] == htab { hi -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[lo..<hi])
        guard HTTPTokens.areFieldValueBytes(value) else { throw HeadStatusError.badRequest("invalid byte in field value") }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// The offset of the first `byte` in `bytes` at or after `from`, by `memchr`.
    static func find(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress,
              let p = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(p))
    }

    /// The lines of a head without building an array of them: each ends at LF, less a CR just before it.
    private struct LineCursor {
        let head: UnsafeRawBufferPointer
        var position = 0

        init(_ head: UnsafeRawBufferPointer) { self.head = head }

        mutating func next() -> UnsafeRawBufferPointer? {
            guard position < head.count else { return nil }
            let start = position
            guard let lfAt = find(lf, in: head, from: start) else {
                position = head.count
                return UnsafeRawBufferPointer(rebasing: head[start...])
            }
            position = lfAt + 1
            let end = lfAt > start && head[lfAt - 1] == cr ? lfAt - 1 : lfAt
            return UnsafeRawBufferPointer(rebasing: head[start..<end])
        }

        /// How many lines are left.
        var count: Int {
            var copy = self, n = 0
            while copy.next() != nil { n += 1 }
            return n
        }
    }
}
