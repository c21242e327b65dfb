/// Parses a request line and header block (RFC 9112 §2–§5) from the bytes of one complete head.
enum HTTPHeadParser {
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    private static let sp = UInt8(ascii: " "), htab = UInt8(ascii: "\t"), colon = UInt8(ascii: ":")

    /// `head` holds the request line and the field lines, each ending in LF (CRLF or bare LF, RFC 9112
    /// §2.2), without the final empty line.
    static func parse(_ head: UnsafeRawBufferPointer, maxHeaderCount: Int) throws -> HTTPRequestHead {
        var lines: [UnsafeRawBufferPointer] = []
        var lineStart = 0
        for i in 0..<head.count where head[i] == lf {
            var end = i
            if end > lineStart && head[end - 1] == cr { end -= 1 }
            lines.append(UnsafeRawBufferPointer(rebasing: head[lineStart..<end]))
            lineStart = i + 1
        }
        if lineStart < head.count { lines.append(UnsafeRawBufferPointer(rebasing: head[lineStart...])) }
        guard let requestLine = lines.first else { throw HeadStatusError.badRequest("empty request") }
        if lines.count - 1 > maxHeaderCount {
            throw HeadStatusError(status: 431, reason: "too many header fields")
        }
        let (method, target, version) = try parseRequestLine(requestLine)
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() { fields.append(try parseField(line)) }
        return HTTPRequestHead(method: method, target: target, version: version, headers: HTTPHeaders(fields))
    }

    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), single spaces only.
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws -> (String, String, String) {
        for b in line where b == cr { throw HeadStatusError.badRequest("bare CR in request line") }
        guard let sp1 = line.firstIndex(of: sp) else { throw HeadStatusError.badRequest("malformed request line") }
        let rest = line[(sp1 + 1)...]
        guard let sp2 = rest.firstIndex(of: sp) else { throw HeadStatusError.badRequest("malformed request line") }
        let method = UnsafeRawBufferPointer(rebasing: line[0..<sp1])
        let target = UnsafeRawBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
        let version = UnsafeRawBufferPointer(rebasing: line[(sp2 + 1)...])
        guard HTTPTokens.isToken(method) else { throw HeadStatusError.badRequest("invalid method") }
        guard !target.isEmpty, target.allSatisfy(HTTPTokens.isTargetByte) else {
            throw HeadStatusError.badRequest("invalid request target")
        }
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3)
        let v = Array(version)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard v.count == 8, v[0..<5].elementsEqual("HTTP/".utf8), isDigit(v[5]), v[6] == UInt8(ascii: "."),
              isDigit(v[7]) else {
            throw HeadStatusError.badRequest("malformed HTTP version")
        }
        guard v[5] == UInt8(ascii: "1"), v[7] == UInt8(ascii: "0") || v[7] == UInt8(ascii: "1") else {
            throw HeadStatusError(status: 505, reason: "HTTP version not supported")
        }
        return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self),
                String(decoding: version, as: UTF8.self))
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5).
    static func parseField(_ line: UnsafeRawBufferPointer) throws -> (name: String, value: String) {
        guard let first = line.first else { throw HeadStatusError.badRequest("empty field line") }
        // RFC 9112 §5.2: obs-fold (a line starting with SP or HTAB) is rejected with 400.
        if first == sp || first == htab { throw HeadStatusError.badRequest("obsolete line folding") }
        guard let c = line.firstIndex(of: colon) else { throw HeadStatusError.badRequest("field line without colon") }
        // RFC 9112 §5.1: no whitespace between field name and colon; the name is a token.
        let name = UnsafeRawBufferPointer(rebasing: line[0..<c])
        guard HTTPTokens.isToken(name) else { throw HeadStatusError.badRequest("invalid field name") }
        var lo = c + 1, hi = line.count
        while lo < hi, line[lo] == sp || line[lo] == htab { lo += 1 }
        while hi > lo, line[hi - 1] == sp || line[hi - 1] == htab { hi -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[lo..<hi])
        for b in value where !HTTPTokens.isFieldValueByte(b) {
            throw HeadStatusError.badRequest("invalid byte in field value")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }
}
