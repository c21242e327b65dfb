import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPRequestBodyTests {
        static func payload(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } }

        @Test func contentLengthBodyArrivesWhole() throws {
            let s = try TestServer()
            let c = try s.client()
            let body = Self.payload(200_000)
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: \(body.count)\r\n\r\n")
            try c.send(body)
            let r = try #require(try c.readResponse())
            #expect(r.text.contains("length=200000\nhash=\(FNV1a.hash(body))\ndeclared=200000\n"))
        }

        @Test(arguments: [1, 7, 100, 4096, 70_000])
        func chunkedBodyIsDecoded(chunkSize: Int) throws {
            let s = try TestServer()
            // 150,001 one-byte chunks take a while to parse in a sanitized build on a busy machine: the
            // test is about the bytes, so the client waits longer than the default 10 s.
            let c = try s.client(receiveTimeout: 120)
            let body = Self.payload(150_001)
            var wire = Array("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            var i = 0
            while i < body.count {
                let n = min(chunkSize, body.count - i)
                let ext = i == 0 ? ";name=value;flag" : ""
                wire += Array("\(String(n, radix: 16))\(ext)\r\n".utf8) + body[i..<(i + n)] + [13, 10]
                i += n
            }
            wire += Array("0\r\nX-Trailer: yes\r\nChecksum: abc\r\n\r\n".utf8)
            try c.send(wire)
            let r = try #require(try c.readResponse())
            #expect(r.text.contains("length=150001\nhash=\(FNV1a.hash(body))\ndeclared=nil\n"))
            // The connection is still usable after trailers.
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
        }

        @Test func malformedChunkSizeFailsTheBodyAndCloses() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 400)
            #expect(r.header("Connection") == "close")
            #expect(c.waitForClose(seconds: 2))
        }

        @Test func expectContinueIsSentOnFirstBodyRead() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try #require(try c.readResponse())
            #expect(interim.statusLine == "HTTP/1.1 100 Continue")
            try c.send("hello")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.text.contains("length=5\n"))
            // Next request on the same connection gets no second 100.
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi")
            #expect(try c.readResponse()?.status == 200)
        }

        @Test func expectContinueIsNotSentWhenHandlerRejectsWithoutReading() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("PUT /status/403 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 403)
            #expect(r.header("Connection") == "close")
            #expect(c.waitForClose(seconds: 2))
        }

        @Test func unreadSmallBodyIsDrainedAndConnectionKept() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("PUT /status/201 HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n")
            try c.send(Self.payload(10_000))
            let r = try #require(try c.readResponse())
            #expect(r.status == 201)
            #expect(r.header("Connection") == nil)
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
        }

        @Test func unreadLargeBodyClosesTheConnection() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("PUT /status/201 HTTP/1.1\r\nHost: h\r\nContent-Length: 100000000\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 201)
            #expect(r.header("Connection") == "close")
        }

        @Test func truncatedBodyReportsBodyTruncated() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly-this")
            shutdown(c.fd, Int32(SHUT_WR))
            let r = try #require(try c.readResponse())
            #expect(r.status == 400)
            #expect(r.text.contains("bodyTruncated"))
        }

        @Test func largeBodyStreamsThroughWithoutBuffering() throws {
            let s = try TestServer()
            let c = try s.client()
            let total = 64 * 1024 * 1024
            try c.send("PUT /count HTTP/1.1\r\nHost: h\r\nContent-Length: \(total)\r\n\r\n")
            let block = [UInt8](repeating: 0x5a, count: 1024 * 1024)
            for _ in 0..<64 { try c.send(block) }
            let r = try #require(try c.readResponse())
            #expect(r.text == "\(total)")
            #expect(s.handler.largestRead <= 256 * 1024)
        }
    }
}
