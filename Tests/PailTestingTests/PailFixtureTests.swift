import Foundation
import PailClient
import PailServer
import PailTesting
import Testing

@Suite struct PailFixtureTests {
    @Test func startedFixtureServesPutAndGetThroughItsClient() async throws {
        let pail = try await PailFixture.start()
        defer { pail.stop() }
        #expect(pail.endpoint.hasPrefix("http://127.0.0.1:"))
        #expect(!pail.endpoint.hasSuffix(":0"))
        #expect(pail.accessKey == "minioadmin" && pail.secretKey == "minioadmin")
        #expect(pail.bucket == "test")
        _ = try await pail.client.put("greeting.txt", bytes: Array("hello".utf8))
        #expect(try await pail.client.get("greeting.txt") == Array("hello".utf8))
        #expect(FileManager.default.fileExists(atPath: pail.dataDirectory.path))
    }

    @Test func withStopsTheServerAndRemovesTheDirectoryAfterTheBody() async throws {
        let (directory, endpoint) = try await PailFixture.with { pail in
            _ = try await pail.client.put("k", bytes: [1, 2, 3])
            return (pail.dataDirectory, pail.endpoint)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        var config = S3ClientConfiguration(endpoint: endpoint, bucket: "test")
        config.setCredentials(accessKey: "minioadmin", secretKey: "minioadmin")
        config.retry.maxRetries = 0
        let client = try S3Client(configuration: config)
        await #expect(throws: (any Error).self) { _ = try await client.get("k") }
    }

    @Test func withTearsDownWhenTheBodyThrows() async throws {
        struct Planned: Error {}
        var seen: PailFixture?
        await #expect(throws: Planned.self) {
            try await PailFixture.with { pail in
                seen = pail
                throw Planned()
            }
        }
        let pail = try #require(seen)
        #expect(pail.isStopped)
        #expect(!FileManager.default.fileExists(atPath: pail.dataDirectory.path))
    }

    @Test func twoFixturesAtOnceHaveTheirOwnPortsAndData() async throws {
        try await PailFixture.with { a in
            try await PailFixture.with { b in
                #expect(a.endpoint != b.endpoint)
                #expect(a.dataDirectory != b.dataDirectory)
                _ = try await a.client.put("only-in-a", bytes: [7])
                #expect(try await a.client.exists("only-in-a"))
                #expect(try await !b.client.exists("only-in-a"))
            }
        }
    }

    @Test func configureReachesTheServerAndNilBucketCreatesNone() async throws {
        try await PailFixture.with(bucket: nil, configure: { $0.rootAccessKey = "fixture-key"; $0.region = "eu-west-1" }) { pail in
            #expect(pail.accessKey == "fixture-key")
            #expect(pail.region == "eu-west-1")
            #expect(pail.bucket == nil)
            let buckets = try await pail.client.listBuckets()
            #expect(buckets.isEmpty)
        }
    }

    @Test func stopTwiceIsHarmless() async throws {
        let pail = try await PailFixture.start(bucket: nil)
        pail.stop()
        pail.stop()
        #expect(pail.isStopped)
    }
}
