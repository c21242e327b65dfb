import Foundation
import PailClient
import Testing

/// HTTPS against Pail's generated self-signed certificate: trusted only with allowInvalidCerts or the
/// certificate given as caFile.
@Suite struct HTTPSTests {
    @Test func selfSignedCertificateNeedsAllowInvalidCertsOrCAFile() async throws {
        let pail = try Backends.startPail(tls: true)
        defer { pail.stop() }
        var base = pail.configuration()
        base.endpoint = pail.tlsEndpoint!
        base.retry.maxRetries = 0

        let strict = try S3Client(configuration: base)
        do {
            _ = try await strict.listBuckets()
            Issue.record("an untrusted self-signed certificate was accepted")
        } catch let e as S3ClientError {
            #expect(e.code == "NetworkError")
            #expect("\(e)".contains("certificate verify failed"))
        }

        var insecure = base
        insecure.allowInvalidCerts = true
        let c1 = try S3Client(configuration: insecure)
        let bucket = Backends.bucketName("tls")
        try await c1.createBucket(bucket)
        try await c1.put("k", bytes: Array(repeating: 1, count: 3 << 20), bucket: bucket)  // Expect: 100-continue path

        var pinned = base
        pinned.caFile = pail.certificatePath
        let c2 = try S3Client(configuration: pinned)
        #expect(try await c2.get("k", bucket: bucket) == Array(repeating: 1, count: 3 << 20))
        #expect(try await c2.listBuckets().contains { $0.name == bucket })
    }
}
