import Foundation
import PailClient
import Testing

@Suite struct CredentialsTests {
    @Test func profileProviderReadsTheNamedProfileFromTheSharedFiles() async throws {
        let dir = Backends.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let creds = dir.appendingPathComponent("credentials").path
        try "[default]\naws_access_key_id = D\naws_secret_access_key = DS\n[work]\naws_access_key_id = W\naws_secret_access_key = WS\naws_session_token = T\n"
            .write(toFile: creds, atomically: true, encoding: .utf8)
        let env = ["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": "/nonexistent", "AWS_PROFILE": "work"]
        let c = try await ProfileCredentialsProvider { env }.credentials(forceRefresh: false)
        #expect(c == AWSCredentials(accessKeyID: "W", secretAccessKey: "WS", sessionToken: "T"))
        let d = try await ProfileCredentialsProvider(profile: "default") { env }.credentials(forceRefresh: false)
        #expect(d.accessKeyID == "D")
    }

    @Test func chainFallsBackFromEnvironmentToProfile() async throws {
        let chain = CredentialsChain([EnvironmentCredentialsProvider { [:] },
                                      StaticCredentialsProvider(AWSCredentials(accessKeyID: "S", secretAccessKey: "SS"))])
        #expect(try await chain.credentials(forceRefresh: false).accessKeyID == "S")
    }

    /// STS GetSessionToken against moto, then S3 calls signed with the temporary keys and token.
    @Test func stsSessionCredentialsWorkAgainstMoto() async throws {
        let moto = try Backends.start(.moto)
        let sts = try STSCredentialsProvider(endpoint: moto.endpoint, source: StaticCredentialsProvider(
            AWSCredentials(accessKeyID: "minioadmin", secretAccessKey: "minioadmin")))
        let temp = try await sts.credentials(forceRefresh: false)
        #expect(temp.sessionToken != nil)
        #expect(temp.expiration != nil)
        var c = moto.configuration()
        c.credentials = sts
        let client = try S3Client(configuration: c)
        let bucket = Backends.bucketName("sts")
        try await client.createBucket(bucket)
        try await client.put("k", bytes: [1], bucket: bucket)
        #expect(try await client.get("k", bucket: bucket) == [1])
    }
}
