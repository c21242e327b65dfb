import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPTimeoutTests {
        @Test func slowLorisIsCutOffWhileOthersAreServed() throws {
            let s = try TestServer { $0.headerReadTimeout = 1 }
            let slow = try s.client()
            let started = Date()
            let loris = BackgroundJob { () -> (Bool, Double) in
                let wire = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".utf8)
                for b in wire {
                    do { try slow.send([b]) } catch { break }
                    if slow.hasInput(within: 0.25) { return (true, Date().timeIntervalSince(started)) }
                }
                return (false, Date().timeIntervalSince(started))
            }
            Thread.sleep(forTimeInterval: 0.3)
            let t0 = Date()
            let other = try s.client()
            try other.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try other.readResponse()?.status == 200)
            #expect(Date().timeIntervalSince(t0) < 0.5)
            let (cut, after) = try loris.wait()
            #expect(cut)
            #expect(after >= 0.9 && after < 3)
            let rest = String(decoding: try slow.readUntilClose(), as: UTF8.self)
            #expect(rest.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        }

        @Test func idleKeepAliveConnectionIsClosedQuietly() throws {
            let s = try TestServer { $0.idleTimeout = 0.5 }
            let c = try s.client()
            try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
            let t0 = Date()
            #expect(c.waitForClose(seconds: 3))
            let waited = Date().timeIntervalSince(t0)
            #expect(waited >= 0.4 && waited < 2)
            #expect(c.pending == 0)
        }

        @Test func stalledBodyTimesOut() throws {
            let s = try TestServer { $0.bodyReadTimeout = 0.5 }
            let c = try s.client()
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
            let r = try #require(try c.readResponse())
            #expect(r.status == 400)
            #expect(r.text.contains("timeout"))
            #expect(r.header("Connection") == "close")
        }
    }
}
