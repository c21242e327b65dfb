import Testing
@testable import PailHTTP

/// Response heads encoded into the connection's reusable buffer.
@Suite struct ResponseHeadEncoderTests {
    private func encode(_ response: HTTPResponse, close: Bool = false, http10KeepAlive: Bool = false) -> String {
        let out = OutputBuffer()
        ResponseHeadEncoder.encode(response, close: close, http10KeepAlive: http10KeepAlive, into: out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func withoutDate(_ head: String) -> String {
        head.split(separator: "\r\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Date: ") }.joined(separator: "\r\n")
    }

    @Test func headListsFieldsInOrderThenLengthDateAndClose() {
        var r = HTTPResponse(status: 200, body: .bytes(Array("hello".utf8)))
        r.headers.add("ETag", "\"abc\"")
        r.headers.add("Connection", "keep-alive")
        let head = encode(r, close: true)
        #expect(withoutDate(head) == "HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nContent-Length: 5\r\nConnection: close\r\n\r\n")
        #expect(head.contains(" GMT\r\nConnection: close\r\n"))
    }

    @Test func handlerFieldsNamedLikeTheServersAreKept() {
        var r = HTTPResponse(status: 200, body: .stream(length: 10, produce: { _ in }))
        r.headers.add("content-length", "7")
        r.headers.add("DATE", "then")
        r.headers.add("Connection", "keep-alive")
        r.headers.add("X-Content-Length", "x")  // same length as Content-Length, another name
        #expect(encode(r) == "HTTP/1.1 200 OK\r\ncontent-length: 7\r\nDATE: then\r\nConnection: keep-alive\r\n"
            + "X-Content-Length: x\r\n\r\n")
    }

    @Test func http10KeepAliveIsAnsweredUnlessTheHandlerSetConnection() {
        let plain = encode(HTTPResponse(status: 204), http10KeepAlive: true)
        #expect(withoutDate(plain) == "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n")
        var r = HTTPResponse(status: 204)
        r.headers.add("connection", "x")
        #expect(withoutDate(encode(r, http10KeepAlive: true)) == "HTTP/1.1 204 No Content\r\nconnection: x\r\n\r\n")
    }

    @Test func lineBreaksAndNULInValuesBecomeSpaces() {
        var r = HTTPResponse(status: 404)
        r.headers.add("X-Evil", "a\r\nSet-Cookie: b\u{0}c")
        r.headers.add("X-Long", String(repeating: "v\n", count: 40))
        let head = withoutDate(encode(r))
        #expect(head.hasPrefix("HTTP/1.1 404 Not Found\r\nX-Evil: a  Set-Cookie: b c\r\n"))
        #expect(head.contains("X-Long: " + String(repeating: "v ", count: 40) + "\r\n"))
    }

    @Test func unregisteredStatusesAndLengthsAreWrittenInDecimal() {
        #expect(encode(HTTPResponse(status: 299)).hasPrefix("HTTP/1.1 299 Success\r\nContent-Length: 0\r\n"))
        #expect(encode(HTTPResponse(status: 102)).hasPrefix("HTTP/1.1 102 Informational\r\nDate: "))
        let big = HTTPResponse(status: 200, body: .stream(length: Int64.max, produce: { _ in }))
        #expect(encode(big).contains("\r\nContent-Length: 9223372036854775807\r\n"))
    }

    @Test func decimalsMatchStringConversion() {
        for n: Int64 in [0, 7, 10, 99, 100, 4096, -1, -10, Int64.max, Int64.min] {
            let out = OutputBuffer()
            out.appendDecimal(n)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(n))
        }
    }

    @Test func drainEmptiesBeforeSendingAndLargeBuffersAreFreed() throws {
        let out = OutputBuffer()
        out.append(Array(repeating: 1, count: OutputBuffer.keptCapacity + 1))
        struct Refused: Error {}
        #expect(throws: Refused.self) { try out.drain { _ in throw Refused() } }
        #expect(out.isEmpty && out.capacity == 0)
        out.append("abc")
        var sent: [UInt8] = []
        out.drain { sent = Array($0) }
        #expect(sent == Array("abc".utf8) && out.isEmpty && out.capacity > 0)
    }

    @Test func failedFillAppendsNothing() {
        let out = OutputBuffer()
        out.append("head")
        struct Short: Error {}
        #expect(throws: Short.self) {
            try out.appendUninitialized(count: 100) { $0.initializeMemory(as: UInt8.self, repeating: 0); throw Short() }
        }
        #expect(String(decoding: out.bytes, as: UTF8.self) == "head")
    }

    @Test func errorResponseClosesWithAPlainTextReason() {
        let out = OutputBuffer()
        ResponseHeadEncoder.encodeError(status: 431, into: out)
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 32\r\nDate: "))
        #expect(text.hasSuffix(" GMT\r\nConnection: close\r\n\r\nRequest Header Fields Too Large\n"))
    }
}
