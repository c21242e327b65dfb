import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPServerBasicTests {
        @Test func simpleGetIsAnsweredWithLengthAndDate() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("GET /echo?x=%20y HTTP/1.1\r\nHost: localhost\r\nX-Test: a b\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.statusLine == "HTTP/1.1 200 OK")
            #expect(r.text.contains("method=GET\ntarget=/echo?x=%20y\n"))
            #expect(r.text.contains("h:X-Test=a b\n"))
            #expect(r.text.contains("length=0\n"))
            #expect(r.header("Content-Length") == String(r.body.count))
            #expect(r.header("Date")?.hasSuffix(" GMT") == true)
            #expect(r.header("Connection") == nil)
        }

        @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
            let s = try TestServer()
            let c = try s.client()
            for i in 0..<5 {
                try c.send("GET /echo/\(i) HTTP/1.1\r\nHost: h\r\n\r\n")
                let r = try #require(try c.readResponse())
                #expect(r.status == 404)
            }
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
            #expect(s.server.activeConnections == 1)
        }

        @Test func pipelinedRequestsAreAnsweredInOrder() throws {
            let s = try TestServer()
            let c = try s.client()
            var wire = ""
            for i in 0..<10 { wire += "PUT /echo?\(i) HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab\(i)" }
            wire += "GET /status/204 HTTP/1.1\r\nHost: h\r\n\r\n"
            try c.send(wire)
            for i in 0..<10 {
                let r = try #require(try c.readResponse())
                #expect(r.text.contains("target=/echo?\(i)\n"))
                #expect(r.text.contains("length=3\nhash=\(FNV1a.hash(Array("ab\(i)".utf8)))\n"))
            }
            let last = try #require(try c.readResponse())
            #expect(last.status == 204)
            #expect(last.header("Content-Length") == nil)
        }

        @Test func headWithOmitBodySendsNoBodyBytes() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("HEAD /head HTTP/1.1\r\nHost: h\r\n\r\n")
            let r = try #require(try c.readResponse(forHead: true))
            #expect(r.status == 200)
            #expect(r.header("Content-Length") == "1234")
            // If any body byte had been sent, the next response would not parse.
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            let next = try #require(try c.readResponse())
            #expect(next.status == 200)
            #expect(next.text.hasPrefix("method=GET"))
        }

        @Test func http10WithoutKeepAliveCloses() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("GET /echo HTTP/1.0\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.header("Connection") == "close")
            #expect(c.waitForClose(seconds: 2))
        }

        @Test func http10WithKeepAliveStaysOpen() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.header("Connection") == "keep-alive")
            try c.send("GET /echo HTTP/1.0\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
            #expect(c.waitForClose(seconds: 2))
        }

        @Test func connectionCloseRequestAndResponseClose() throws {
            let s = try TestServer()
            let c1 = try s.client()
            try c1.send("GET /echo HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            #expect(try c1.readResponse()?.header("Connection") == "close")
            #expect(c1.waitForClose(seconds: 2))
            let c2 = try s.client()
            try c2.send("GET /close HTTP/1.1\r\nHost: h\r\n\r\n")
            let r = try #require(try c2.readResponse())
            #expect(r.text == "bye")
            #expect(r.header("Connection") == "close")
            #expect(c2.waitForClose(seconds: 2))
        }

        @Test func bareLFLineEndingsAreAccepted() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("\r\nGET /echo HTTP/1.1\nHost: h\nContent-Length: 2\n\nok")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.text.contains("length=2\n"))
        }

        @Test func manyLeadingEmptyLinesAreSkipped() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send(String(repeating: "\r\n", count: 50_000) + "GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
        }

        @Test func ipv6LoopbackAndSecondListenerWork() throws {
            let s = try TestServer()
            let port6 = try s.server.listen(host: "::1", port: 0)
            let c = try RawClient(port: port6, host: "::1")
            try c.send("GET /echo HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
        }
    }
}
