import Foundation
import Testing
@testable import PailHTTP

extension PailHTTPSuites {
    @Suite struct HTTPClientPoolTests {
        /// Several pooled connections closed by the server's idle timeout at once: the next request
        /// passes over every one of them and is answered on a new connection.
        @Test func everyPooledConnectionClosedByTheServerIsPassedOver() throws {
            let s = try TestServer { $0.idleTimeout = 0.3 }
            let client = HTTPClient(tls: nil, connectTimeout: 5)
            let endpoint = try #require(HTTPEndpoint("http://127.0.0.1:\(s.port)"))
            func get() throws -> HTTPClientResponse {
                try client.execute(HTTPClientRequest(method: "GET", target: "/echo"), endpoint: endpoint, timeout: 5)
            }
            // Three responses open at once: three connections, all back in the pool once read.
            let open = try (0..<3).map { _ in try get() }
            for r in open {
                #expect(r.status == 200)
                _ = try r.readAll()
            }
            Thread.sleep(forTimeInterval: 1.0)  // the server closes all three
            let r = try get()
            #expect(r.status == 200)
            _ = try r.readAll()
        }
    }
}
