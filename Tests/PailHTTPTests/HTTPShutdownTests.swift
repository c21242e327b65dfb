import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPShutdownTests {
        @Test func shutdownDrainsInFlightRequestAndClosesIdleConnections() throws {
            let handler = TestHandler()
            handler.slowDelay = 0.6
            let server = HTTPServer(handler: handler)
            let port = try server.listen(host: "127.0.0.1", port: 0)
            let idle = try RawClient(port: port)
            try idle.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try idle.readResponse()?.status == 200)
            let busy = try RawClient(port: port)
            try busy.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.15)
            #expect(server.activeConnections == 2)
            let t0 = Date()
            server.shutdown(gracePeriod: 5)
            let took = Date().timeIntervalSince(t0)
            #expect(took >= 0.3 && took < 3)
            #expect(server.activeConnections == 0)
            let r = try #require(try busy.readResponse())
            #expect(r.text == "done")
            #expect(r.header("Connection") == "close")
            #expect(idle.waitForClose(seconds: 1))
            #expect(throws: (any Error).self) { _ = try RawClient(port: port) }
        }

        @Test func shutdownGivesUpAfterGracePeriod() throws {
            let handler = TestHandler()
            let server = HTTPServer(handler: handler)
            let port = try server.listen(host: "127.0.0.1", port: 0)
            let c = try RawClient(port: port)
            // A body that never arrives keeps the request in flight.
            try c.send("PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nab")
            Thread.sleep(forTimeInterval: 0.1)
            let t0 = Date()
            server.shutdown(gracePeriod: 0.3)
            let took = Date().timeIntervalSince(t0)
            #expect(took >= 0.25 && took < 2)
            #expect(server.activeConnections == 0)
        }

        @Test func manyIdleConnectionsAreFine() throws {
            let s = try TestServer()
            var clients: [RawClient] = []
            for _ in 0..<1000 {
                let c = try s.client()
                try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
                clients.append(c)
            }
            for c in clients { #expect(try c.readResponse()?.status == 200) }
            #expect(s.server.activeConnections == 1000)
        }
    }
}
