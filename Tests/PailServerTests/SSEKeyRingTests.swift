import Foundation
import Testing
import PailIdentity
import PailS3
@testable import PailServer

@Suite struct SSEKeyRingTests {
    static let kms = KMSSettings(keys: [KMSKeySpec(id: "app", alias: "alias/app"),
                                        KMSKeySpec(id: "audit", arn: "arn:aws:kms:eu-west-1:111122223333:key/audit")])

    static func ring() -> SSEKeyRing { SSEKeyRing(master: Array(repeating: 9, count: 32), kms: kms, region: "us-east-1") }

    @Test func kmsKey_isFoundByIdArnAliasAndAliasArn() throws {
        let ring = Self.ring()
        let arn = "arn:aws:kms:us-east-1:000000000000:key/app"
        for name in ["app", arn, "alias/app", "arn:aws:kms:us-east-1:000000000000:alias/app"] {
            #expect(try ring.kmsKey(name).arn == arn)
        }
        #expect(try ring.kmsKey("audit").arn == "arn:aws:kms:eu-west-1:111122223333:key/audit")
        #expect(try ring.kmsKey(nil).aliases == ["alias/aws/s3"])
        #expect(try ring.kmsKey("app").material != ring.kmsKey("audit").material)
    }

    @Test func kmsKey_unknown_isKMSNotFoundException() {
        for name in ["nope", "alias/nope", "arn:aws:kms:us-east-1:000000000000:key/nope",
                     "11111111-2222-3333-4444-555555555555"] {
            let error = #expect(throws: S3Error.self) { try Self.ring().kmsKey(name) }
            #expect(error?.code == "KMS.NotFoundException" && error?.status == 400, "\(name)")
        }
    }

    @Test func keyMaterial_dependsOnlyOnTheMasterKeyAndTheId() throws {
        let a = try Self.ring().kmsKey("app"), b = try Self.ring().kmsKey("app")
        #expect(a.material == b.material && a.material.count == 32)
        let other = SSEKeyRing(master: Array(repeating: 8, count: 32), kms: Self.kms, region: "us-east-1")
        #expect(try other.kmsKey("app").material != a.material)
    }

    @Test func masterKey_isCreatedOnce_privately_andKeptAcrossLoads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pail-sse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try SSEKeyRing.loadOrCreateMaster(in: dir, random: .secure)
        let again = try SSEKeyRing.loadOrCreateMaster(in: dir, random: RandomSource { Array(repeating: 0, count: $0) })
        #expect(first == again && first.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("master.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("master.key"))
        #expect(throws: ConfigurationError.self) { try SSEKeyRing.loadOrCreateMaster(in: dir, random: .secure) }
    }
}
