import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPResponseBodyTests {
        @Test func streamedBodyArrivesWhole() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("GET /stream?300005 HTTP/1.1\r\nHost: h\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.header("Content-Length") == "300005")
            #expect(r.body.count == 300_005)
            try c.send("GET /stream?5 HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.text == "sssss")
        }

        @Test func shortStreamClosesTheConnection() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("GET /truncated HTTP/1.1\r\nHost: h\r\n\r\n")
            let rest = String(decoding: try c.readUntilClose(), as: UTF8.self)
            #expect(rest.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(rest.contains("Content-Length: 1000\r\n"))
            let body = rest.components(separatedBy: "\r\n\r\n").last!
            #expect(body.count == 500)
        }

        @Test func throwingProducerClosesTheConnection() throws {
            let s = try TestServer()
            let c = try s.client()
            try c.send("GET /throws HTTP/1.1\r\nHost: h\r\n\r\n")
            let rest = try c.readUntilClose()
            let text = String(decoding: rest, as: UTF8.self)
            #expect(text.contains("Content-Length: 1000\r\n"))
            #expect(text.components(separatedBy: "\r\n\r\n").last!.count == 100)
        }

        @Test(arguments: [(Int64(0), Int64(300_000)), (Int64(12_345), Int64(100_000))])
        func sendFileSendsTheFileRange(offset: Int64, count: Int64) throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-http-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
            let file = dir.appendingPathComponent("f.bin")
            try Data(bytes).write(to: file)
            let s = try TestServer()
            s.handler.filePath = file.path
            let c = try s.client()
            try c.send("GET /file?offset=\(offset)&count=\(count) HTTP/1.1\r\nHost: h\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.body == Array(bytes[Int(offset)..<Int(offset + count)]))
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
        }

        @Test func dateIsIMFFixdate() {
            #expect(HTTPDate.format(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        }
    }
}
