import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPIdleParkingTests {
        @Test func manyIdleKeepAliveConnections_holdNoThreads_andAreServedAgain() throws {
            let s = try TestServer()
            var clients: [RawClient] = []
            for _ in 0..<200 {
                let c = try s.client()
                try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
                #expect(try c.readResponse()?.status == 200)
                clients.append(c)
            }
            #expect(s.server.activeConnections == 200)
            // Idle connections wait in epoll: only the parker's few threads remain.
            // The last connection parks just after its response went out.
            let until = Date().addingTimeInterval(2)
            while s.server.idleParker.parkedCount < 200 && Date() < until { usleep(1_000) }
            #expect(s.server.idleParker.parkedCount == 200)
            #expect(s.server.idleParker.threadCount <= 4)
            for c in clients {
                try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
                #expect(try c.readResponse()?.status == 200)
            }
        }

        @Test func aBlockedHandler_doesNotHoldUpOtherConnections() throws {
            let s = try TestServer()
            let slow = try s.client()
            try slow.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.1)
            let t0 = Date()
            for _ in 0..<5 {
                let c = try s.client()
                try c.send("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n")
                #expect(try c.readResponse()?.status == 200)
            }
            #expect(Date().timeIntervalSince(t0) < 0.5)
            #expect(try slow.readResponse()?.status == 200)
        }

        @Test func firstRequestMustArriveWithinHeaderTimeout_evenWhileParked() throws {
            let s = try TestServer { $0.headerReadTimeout = 0.5 }
            let c = try s.client()
            let t0 = Date()
            #expect(c.waitForClose(seconds: 3))
            let waited = Date().timeIntervalSince(t0)
            #expect(waited >= 0.4 && waited < 2)
        }
    }
}
