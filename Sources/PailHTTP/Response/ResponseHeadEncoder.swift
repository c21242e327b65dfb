/// Serialises a status line and header block (RFC 9112 §4, §5).
enum ResponseHeadEncoder {
    /// Appends `response`'s head to `out`. Adds `Content-Length` from the body unless the handler set
    /// one (RFC 9110 §8.6 forbids it on 1xx and 204), `Date` (RFC 9110 §6.6.1 — an origin server with a
    /// clock must send it) and `Connection: close` when the connection closes after this response.
    static func encode(_ response: HTTPResponse, close: Bool, http10KeepAlive: Bool, into out: OutputBuffer) {
        let status = response.status
        out.append("HTTP/1.1 ")
        out.appendDecimal(Int64(status))
        out.append(UInt8(ascii: " "))
        out.append(HTTPStatusReason.phrase(for: status))
        out.append(13, 10)
        var hasLength = false, hasDate = false, hasConnection = false
        for field in response.headers.fields {
            // The length picks the one name worth comparing: most fields are none of the three.
            switch field.name.utf8.count {
            case 14: if field.name.caseInsensitiveEquals("Content-Length") { hasLength = true }
            case 4: if field.name.caseInsensitiveEquals("Date") { hasDate = true }
            case 10 where field.name.caseInsensitiveEquals("Connection"):
                hasConnection = true
                if close { continue }  // replaced by "close" below
            default: break
            }
            appendField(out, field.name, field.value)
        }
        if !hasLength && !(status >= 100 && status < 200) && status != 204 {
            out.append("Content-Length: ")
            out.appendDecimal(response.bodyLength)
            out.append(13, 10)
        }
        if !hasDate { appendField(out, "Date", HTTPDate.now()) }
        if close {
            out.append("Connection: close\r\n")
        } else if http10KeepAlive && !hasConnection {
            out.append("Connection: keep-alive\r\n")
        }
        out.append(13, 10)
    }

    /// Writes `name: value` CRLF; CR, LF and NUL inside a value become spaces so a handler can never
    /// split the response (RFC 9110 §5.5).
    private static func appendField(_ out: OutputBuffer, _ name: String, _ value: String) {
        out.append(name)
        out.append(UInt8(ascii: ":"), UInt8(ascii: " "))
        out.appendReplacingLineBreaks(value)
        out.append(13, 10)
    }

    /// A minimal plain-text error response that closes the connection, head and body, appended to `out`.
    static func encodeError(status: Int, into out: OutputBuffer) {
        var r = HTTPResponse(status: status, body: .bytes(Array("\(HTTPStatusReason.phrase(for: status))\n".utf8)))
        r.headers.add("Content-Type", "text/plain; charset=utf-8")
        encode(r, close: true, http10KeepAlive: false, into: out)
        if case .bytes(let b) = r.body { out.append(b) }
    }
}
