import Foundation
import PailClient
import PailServer
import Testing

/// An in-process Pail whose clock the test moves through `PailServer.clock`, seen through PailClient:
/// timestamps follow the server clock, and a client keeps signing with its own.
@Suite("Server clock seen by a client")
struct ServerClockClientTests {
    static func start() throws -> (PailServer, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-clock-\(UUID().uuidString)")
        var c = ServerConfiguration()
        c.address = "127.0.0.1:0"
        c.dataDirectory = dir
        c.durable = false
        c.imdsAddress = nil
        let server = try PailServer(configuration: c)
        try server.start()
        return (server, dir)
    }

    static func client(_ server: PailServer, clock: @escaping @Sendable () -> Date = { Date() }) throws -> S3Client {
        var c = S3ClientConfiguration(endpoint: server.endpoint!, region: "us-east-1", bucket: "clock")
        c.setCredentials(accessKey: "minioadmin", secretKey: "minioadmin")
        c.clock = clock
        return try S3Client(configuration: c)
    }

    @Test func lastModifiedFollowsTheMovedClockAndRealTimeSignaturesAreSkewed() async throws {
        let (server, dir) = try Self.start()
        defer { server.shutdown(); try? FileManager.default.removeItem(at: dir) }
        let real = try Self.client(server)
        try await real.createBucket("clock")

        server.clock.advance(by: 3 * 86_400)
        let clock = server.clock
        let moved = try Self.client(server, clock: { clock.now() })
        _ = try await moved.put("later", bytes: Array("three days on".utf8))
        let modified = try #require(try await moved.head("later").lastModified)
        #expect(abs(modified.timeIntervalSince(Date()) - 3 * 86_400) < 60)

        await #expect { try await real.get("later") } throws: { ($0 as? S3ClientError)?.code == "RequestTimeTooSkewed" }
        server.clock.reset()
        #expect(try await real.head("later").size == 13)
    }
}
