import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    /// The parker's workers: about one per core while requests compute, more while requests wait.
    @Suite struct HTTPWorkerPoolTests {
        /// `/wait` sleeps inside `WorkerThread.blocking`, `/sleep` sleeps without saying so, `/worker`
        /// answers whether it runs on a pool worker, anything else answers at once.
        final class WaitingHandler: HTTPHandler {
            func handle(_ request: HTTPRequest) -> HTTPResponse {
                switch String(request.head.rawPath) {
                case "/wait": WorkerThread.blocking { Thread.sleep(forTimeInterval: 1) }
                case "/sleep": Thread.sleep(forTimeInterval: 1)
                case "/worker":
                    let answer = IdleParker.Worker.current == nil ? "none" : "pool"
                    return HTTPResponse(status: 200, body: .bytes(Array(answer.utf8)))
                default: break
                }
                return HTTPResponse(status: 200, body: .bytes(Array("ok".utf8)))
            }
        }

        private func server() throws -> (HTTPServer, UInt16) {
            let server = HTTPServer(handler: WaitingHandler())
            return (server, try server.listen(host: "127.0.0.1", port: 0))
        }

        /// Sends `GET path` on a fresh connection and leaves the answer unread.
        private func start(_ port: UInt16, _ path: String) throws -> RawClient {
            let c = try RawClient(port: port)
            try c.send("GET \(path) HTTP/1.1\r\nHost: h\r\n\r\n")
            return c
        }

        @Test func busyConnections_areServedByAboutOneThreadPerCore() throws {
            let (server, port) = try server()
            defer { server.shutdown(gracePeriod: 1) }
            let clients = try (0..<32).map { _ in try RawClient(port: port) }
            for _ in 0..<20 {
                for c in clients { try c.send("GET /fast HTTP/1.1\r\nHost: h\r\n\r\n") }
                for c in clients { #expect(try c.readResponse()?.status == 200) }
            }
            // Workers, one spare at most and the monitor; one thread per busy connection would be 32.
            #expect(server.idleParker.threadCount <= server.idleParker.target + 2)
        }

        /// Starts more `path` requests than there are workers, then checks that five quick requests
        /// are answered within `limit` seconds while those wait, and that the waiters finish too.
        private func quickRequestsGoThrough(while path: String, settle: Double, limit: Double) throws {
            let (server, port) = try server()
            defer { server.shutdown(gracePeriod: 2) }
            let waiting = try (0..<(server.idleParker.target + 2)).map { _ in try start(port, path) }
            Thread.sleep(forTimeInterval: settle)
            let t0 = Date()
            for _ in 0..<5 { #expect(try start(port, "/fast").readResponse()?.status == 200) }
            #expect(Date().timeIntervalSince(t0) < limit)
            for c in waiting { #expect(try c.readResponse()?.status == 200) }
        }

        @Test func handlersThatSayTheyWait_giveTheirPlaceUpAtOnce() throws {
            try quickRequestsGoThrough(while: "/wait", settle: 0.1, limit: 0.3)
        }

        /// Well before the sleepers' second is up.
        @Test func handlersStuckWithoutSaying_areReplacedByTheMonitor() throws {
            try quickRequestsGoThrough(while: "/sleep", settle: 0.2, limit: 0.5)
        }

        /// `WorkerThread.blocking` finds its pool through the thread: handlers must run on bound workers,
        /// and other threads must have none (there `blocking` only runs its body).
        @Test func handlersRunOnBoundWorkers_otherThreadsHaveNone() throws {
            let (server, port) = try server()
            defer { server.shutdown(gracePeriod: 1) }
            #expect(try start(port, "/worker").readResponse().map { String(decoding: $0.body, as: UTF8.self) } == "pool")
            #expect(IdleParker.Worker.current == nil)
            #expect(WorkerThread.blocking { 42 } == 42)
        }
    }
}
