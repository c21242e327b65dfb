import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPMalformedRequestTests {
        static let cases: [(String, Int)] = [
            ("GET /\r\n\r\n", 400),                                            // no version
            ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),                      // double space
            ("G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),                       // method not a token
            ("GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n", 400),                 // trailing junk
            ("GET / HTTX/1.1\r\nHost: h\r\n\r\n", 400),                       // bad protocol name
            ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),                       // unsupported version
            ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400),            // obs-fold
            ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),                      // space before colon
            ("GET / HTTP/1.1\r\nHo(st: h\r\n\r\n", 400),                      // invalid name
            ("GET / HTTP/1.1\r\nHost h\r\n\r\n", 400),                        // no colon
            ("GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n", 400),                    // bare CR in value
            ("GET / HTTP/1.1\r\n\r\n", 400),                                  // no Host
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),            // two Hosts
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
            ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ]

        @Test(arguments: cases)
        func malformedRequestIsRefusedAndClosed(wire: String, status: Int) throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send(wire)
            let r = try #require(try c.readResponse())
            #expect(r.status == status)
            #expect(r.header("Connection") == "close")
            #expect(c.waitForClose(seconds: 2))
        }

        @Test func identicalRepeatedContentLengthIsAccepted() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")
            #expect(try c.readResponse()?.text.contains("length=2\n") == true)
        }

        @Test func oversizedHeaderBlockGets431() throws {
            let s = try TestServer()
            let c = try s.client()
            let big = String(repeating: "a", count: 70_000)
            try? c.send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(big)\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 431)
            #expect(r.header("Connection") == "close")
        }

        @Test func tooManyHeaderFieldsGets431() throws {
            let s = try TestServer { $0.maxHeaderCount = 20 }
            let c = try s.client()
            var wire = "GET / HTTP/1.1\r\nHost: h\r\n"
            for i in 0..<25 { wire += "X-\(i): v\r\n" }
            try c.send(wire + "\r\n")
            #expect(try c.readResponse()?.status == 431)
        }

        @Test func chunkSizeParserAcceptsExtensionsAndRejectsJunk() throws {
            #expect(try RequestBody.parseChunkSize(Array("1aF".utf8)) == 0x1af)
            #expect(try RequestBody.parseChunkSize(Array("10 ; a=b".utf8)) == 16)
            #expect(throws: HTTPError.self) { try RequestBody.parseChunkSize(Array("".utf8)) }
            #expect(throws: HTTPError.self) { try RequestBody.parseChunkSize(Array("12x".utf8)) }
            #expect(throws: HTTPError.self) { try RequestBody.parseChunkSize(Array("ffffffffffffffff".utf8)) }
        }
    }
}
