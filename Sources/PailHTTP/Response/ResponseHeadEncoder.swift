/// Serialises a status line and header block (RFC 9112 §4, §5).
enum ResponseHeadEncoder {
    /// Encodes `response`'s head. Adds `Content-Length` from the body unless the handler set one (RFC
    /// 9110 §8.6 forbids it on 1xx and 204), `Date` (RFC 9110 §6.6.1 — an origin server with a clock
    /// must send it) and `Connection: close` when the connection closes after this response.
    static func encode(_ response: HTTPResponse, close: Bool, http10KeepAlive: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + response.headers.fields.count * 48)
        out.append(contentsOf: "HTTP/1.1 \(response.status) \(HTTPStatusReason.phrase(for: response.status))\r\n".utf8)
        var hasLength = false, hasDate = false, hasConnection = false
        for field in response.headers {
            if field.name.caseInsensitiveEquals("Content-Length") { hasLength = true }
            else if field.name.caseInsensitiveEquals("Date") { hasDate = true }
            else if field.name.caseInsensitiveEquals("Connection") {
                hasConnection = true
                if close { continue }  // replaced by "close" below
            }
            appendField(&out, field.name, field.value)
        }
        let status = response.status
        if !hasLength && !(status >= 100 && status < 200) && status != 204 {
            appendField(&out, "Content-Length", String(response.bodyLength))
        }
        if !hasDate { appendField(&out, "Date", HTTPDate.now()) }
        if close {
            appendField(&out, "Connection", "close")
        } else if http10KeepAlive && !hasConnection {
            appendField(&out, "Connection", "keep-alive")
        }
        out.append(13); out.append(10)
        return out
    }

    /// Writes `name: value` CRLF; CR and LF inside a value become spaces so a handler can never split
    /// the response (RFC 9110 §5.5).
    private static func appendField(_ out: inout [UInt8], _ name: String, _ value: String) {
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":")); out.append(UInt8(ascii: " "))
        for b in value.utf8 { out.append(b == 13 || b == 10 || b == 0 ? 0x20 : b) }
        out.append(13); out.append(10)
    }

    /// A minimal plain-text error response that closes the connection.
    static func errorResponse(status: Int) -> [UInt8] {
        var r = HTTPResponse(status: status, body: .bytes(Array("\(HTTPStatusReason.phrase(for: status))\n".utf8)))
        r.headers.add("Content-Type", "text/plain; charset=utf-8")
        var out = encode(r, close: true, http10KeepAlive: false)
        if case .bytes(let b) = r.body { out.append(contentsOf: b) }
        return out
    }
}
