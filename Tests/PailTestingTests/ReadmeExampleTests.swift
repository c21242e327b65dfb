import PailTesting
import Testing

@Test func uploadsLand() async throws {
    try await PailFixture.with { pail in
        _ = try await pail.client.put("a.txt", bytes: Array("hello".utf8))
        #expect(try await pail.client.get("a.txt") == Array("hello".utf8))
        // pail.endpoint, pail.accessKey, pail.secretKey for any other client
    }
}
