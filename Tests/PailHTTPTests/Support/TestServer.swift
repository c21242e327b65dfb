import Foundation
import Testing
@testable import PailHTTP

/// A server on 127.0.0.1:0 with a `TestHandler`, shut down when the test releases it.
final class TestServer {
    let handler = TestHandler()
    let server: HTTPServer
    let port: UInt16

    init(configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws {
        var config = HTTPServer.Configuration()
        configure(&config)
        server = HTTPServer(handler: handler, configuration: config)
        port = try server.listen(host: "127.0.0.1", port: 0)
    }

    /// A raw client whose reads give up after `receiveTimeout` seconds (10: a test fails rather than hangs).
    func client(receiveTimeout: Double = 10) throws -> RawClient { try RawClient(port: port, receiveTimeout: receiveTimeout) }

    deinit { server.shutdown(gracePeriod: 1) }
}

/// Runs `body` on its own thread; `wait()` returns its result.
// Unchecked: `result` is written by the job's thread before `done` is signalled and read only after
// `wait` has seen the signal; the semaphore orders the two.
final class BackgroundJob<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    init(_ body: @escaping @Sendable () throws -> T) {
        let t = Thread { [self] in
            result = Result { try body() }
            done.signal()
        }
        t.start()
    }

    func wait() throws -> T {
        done.wait()
        return try result!.get()
    }
}

/// The root of all PailHTTP suites: serialized so timing tests do not compete for the two cores.
@Suite(.serialized) struct PailHTTPSuites {}
