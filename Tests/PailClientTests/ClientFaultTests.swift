import Foundation
import PailClient
import PailFaults
import PailServer
import Synchronization
import Testing

/// PailClient against an in-process Pail whose fault injector is driven directly: retries, error
/// details, verify-after-write and damaged-body detection, each observed through the client's API.
@Suite("Client fault handling", .serialized)
struct ClientFaultTests {
    /// Records every backoff the client asks for instead of sleeping.
    final class SleepRecorder: Sendable {
        private let recorded = Mutex<[Double]>([])
        func record(_ d: Double) { recorded.withLock { $0.append(d) } }
        var delays: [Double] { recorded.withLock { $0 } }
    }

    struct Harness {
        let server: PailServer
        let faults: FaultInjector
        let directory: URL
        let sleeps = SleepRecorder()
        let bucket: String

        func client(_ configure: (inout S3ClientConfiguration) -> Void = { _ in }) throws -> S3Client {
            var c = S3ClientConfiguration(endpoint: server.endpoint!, region: "us-east-1", bucket: bucket)
            c.setCredentials(accessKey: "minioadmin", secretKey: "minioadmin")
            let sleeps = self.sleeps
            c.sleep = { d in sleeps.record(d) }
            c.random = { 0.5 }
            configure(&c)
            return try S3Client(configuration: c)
        }

        func stop() {
            server.shutdown()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func start(_ tag: String) async throws -> Harness {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var c = ServerConfiguration()
        c.address = "127.0.0.1:0"
        c.dataDirectory = dir
        c.durable = false
        c.faults = FaultInjector(seed: 1)
        let s = try PailServer(configuration: c)
        try s.start()
        let h = Harness(server: s, faults: c.faults, directory: dir,
                        bucket: "faults-\(tag)-\(UUID().uuidString.prefix(8).lowercased())")
        try await h.client().createBucket(h.bucket)
        return h
    }

    static let slowDown = FaultAction.error(status: 503, code: "SlowDown", message: "Please reduce your request rate.")
    static let internalError = FaultAction.error(status: 500, code: "InternalError",
                                                 message: "We encountered an internal error. Please try again.")

    @Test func slowDownTwiceThenSuccessWithDovecotBackoff() async throws {
        let h = try await Self.start("slow")
        defer { h.stop() }
        _ = h.faults.add(FaultRule(id: "slow", match: FaultMatch(operations: ["PutObject"]), when: .first(2),
                                   action: Self.slowDown))
        let client = try h.client { c in
            c.retry = RetryPolicy(maxRetries: 4, backoff: .dovecot)
        }
        let payload = Array("third time lucky".utf8)
        _ = try await client.put("k", bytes: payload)
        #expect(h.sleeps.delays == [0.05, 0.5])
        #expect(h.faults.log.filter { $0.ruleID == "slow" }.count == 2)
        #expect(try await client.get("k") == payload)
    }

    @Test func persistent500FailsAfterMaxRetriesWithRequestIDs() async throws {
        let h = try await Self.start("p500")
        defer { h.stop() }
        _ = h.faults.add(FaultRule(id: "down", match: FaultMatch(operations: ["PutObject"]), action: Self.internalError))
        let client = try h.client { c in
            c.retry = RetryPolicy(maxRetries: 3, backoff: .constant(0.01))
        }
        do {
            _ = try await client.put("k", bytes: Array("x".utf8))
            Issue.record("PUT succeeded under a persistent 500")
        } catch let e as S3ClientError {
            #expect(e.code == "InternalError")
            #expect(e.status == 500)
            #expect(e.attempts == 4)
            #expect(e.requestID?.isEmpty == false)
            #expect(e.hostID?.isEmpty == false)
            #expect(e.operation == "PutObject")
        }
        #expect(h.faults.log.filter { $0.ruleID == "down" }.count == 4)
        #expect(h.sleeps.delays.count == 3)
    }

    @Test(arguments: [false, true])
    func lostWriteIsCaughtByVerifyAfterWrite(keepOld: Bool) async throws {
        let h = try await Self.start("lost")
        defer { h.stop() }
        let client = try h.client { c in
            c.verifyAfterWrite = true
            c.retry = RetryPolicy(maxRetries: 2, backoff: .constant(0.01))
        }
        if keepOld { _ = try await client.put("ledger", bytes: Array("old version".utf8)) }
        _ = h.faults.add(FaultRule(id: "lost", match: FaultMatch(operations: ["PutObject"]), when: .once,
                                   action: .lostWrite(keepOld: keepOld)))
        let payload = Array("new version".utf8)
        _ = try await client.put("ledger", bytes: payload)
        #expect(h.faults.log.filter { $0.ruleID == "lost" }.count == 1)
        #expect(h.sleeps.delays.count == 1)  // the verified rewrite
        #expect(try await client.get("ledger") == payload)
    }

    @Test func lostWriteWithoutVerificationGoesUnnoticed() async throws {
        let h = try await Self.start("lostq")
        defer { h.stop() }
        let client = try h.client()
        _ = h.faults.add(FaultRule(id: "lost", match: FaultMatch(operations: ["PutObject"]), when: .once,
                                   action: .lostWrite(keepOld: false)))
        _ = try await client.put("gone", bytes: Array("acknowledged".utf8))
        #expect(try await client.exists("gone") == false)
    }

    @Test(arguments: ["truncate", "corrupt"])
    func damagedGetBodyIsDetectedAndRetried(kind: String) async throws {
        let h = try await Self.start(kind)
        defer { h.stop() }
        let client = try h.client { c in
            c.retry = RetryPolicy(maxRetries: 2, backoff: .constant(0.01))
        }
        var payload = [UInt8](repeating: 0, count: 100_000)
        for i in payload.indices { payload[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        _ = try await client.put("blob", bytes: payload)
        let action: FaultAction = kind == "truncate" ? .truncate(afterBytes: 1000) : .corrupt(offset: 500, count: 1)
        _ = h.faults.add(FaultRule(id: kind, match: FaultMatch(operations: ["GetObject"]), when: .first(1),
                                   action: action))
        #expect(try await client.get("blob") == payload)
        #expect(h.faults.log.filter { $0.ruleID == kind }.count == 1)
        #expect(h.sleeps.delays.count == 1)
    }
}
