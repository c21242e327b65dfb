import Foundation
import Testing
import PailHTTP
import PailS3
import PailStorage
@testable import PailServer

@Suite struct EncryptionRequestTests {
    static let key = [UInt8](repeating: 0x42, count: 32)

    static func headers(_ pairs: [String: String]) -> HTTPHeaders { HTTPHeaders(pairs.map { (name: $0.key, value: $0.value) }) }

    static func ssec(_ key: [UInt8] = key, md5: String? = nil) -> [String: String] {
        ["x-amz-server-side-encryption-customer-algorithm": "AES256",
         "x-amz-server-side-encryption-customer-key": key.base64,
         "x-amz-server-side-encryption-customer-key-MD5": md5 ?? PailS3.md5(key).base64]
    }

    static func error(_ pairs: [String: String]) -> S3Error? {
        do { _ = try EncryptionRequest.from(headers(pairs)); return nil } catch let e as S3Error { return e } catch { return nil }
    }

    @Test func from_noSSEHeaders_isNil() throws {
        #expect(try EncryptionRequest.from(Self.headers(["Content-Type": "text/plain"])) == nil)
    }

    @Test func from_eachKind() throws {
        #expect(try EncryptionRequest.from(Self.headers(["x-amz-server-side-encryption": "AES256"]))?.kind == .s3)
        let kms = try EncryptionRequest.from(Self.headers(["X-Amz-Server-Side-Encryption": "aws:kms",
                                                             "x-amz-server-side-encryption-aws-kms-key-id": "alias/app",
                                                             "x-amz-server-side-encryption-bucket-key-enabled": "true"]))
        #expect(kms?.kind == .kms(keyID: "alias/app", dsse: false) && kms?.bucketKeyEnabled == true)
        let customer = try EncryptionRequest.from(Self.headers(Self.ssec()))
        #expect(customer?.kind == .customer && customer?.customer?.key == Self.key)
    }

    @Test func from_inconsistentHeaders_areInvalidArgument() {
        #expect(Self.error(["x-amz-server-side-encryption": "AES512"])?.code == "InvalidArgument")
        #expect(Self.error(["x-amz-server-side-encryption-aws-kms-key-id": "k"])?.code == "InvalidArgument")
        #expect(Self.error(["x-amz-server-side-encryption": "AES256", "x-amz-server-side-encryption-aws-kms-key-id": "k"])?.code == "InvalidArgument")
        #expect(Self.error(Self.ssec().merging(["x-amz-server-side-encryption": "AES256"]) { $1 })?.code == "InvalidArgument")
        #expect(Self.error(["x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-context": "bm90IGpzb24="])?.code == "InvalidArgument")
    }

    @Test func customerKey_eachMissingOrWrongPart_getsAWSsMessage() {
        var noKey = Self.ssec()
        noKey["x-amz-server-side-encryption-customer-key"] = nil
        #expect(Self.error(noKey)?.message == "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.")
        var noMD5 = Self.ssec()
        noMD5["x-amz-server-side-encryption-customer-key-MD5"] = nil
        #expect(Self.error(noMD5)?.message == "Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.")
        #expect(Self.error(Self.ssec(md5: PailS3.md5([1]).base64))?.message == "The calculated MD5 hash of the key did not match the hash that was provided.")
        #expect(Self.error(Self.ssec([1, 2, 3]))?.message == "The secret key was invalid for the specified algorithm.")
        var des = Self.ssec()
        des["x-amz-server-side-encryption-customer-algorithm"] = "DES"
        #expect(Self.error(des)?.code == "InvalidEncryptionAlgorithmError")
    }

    @Test func customerKey_matchesOnlyTheKeyItWasRecordedWith() throws {
        let right = try #require(try CustomerKey.from(Self.headers(Self.ssec()), copySource: false))
        let wrong = try #require(try CustomerKey.from(Self.headers(Self.ssec(Array(repeating: 1, count: 32))), copySource: false))
        let salt = [UInt8](repeating: 5, count: 16)
        let record = ObjectEncryption(mode: .customer, wrappedKey: [], customerKeySalt: salt, customerKeyCheck: right.check(salt: salt))
        #expect(right.matches(record))
        #expect(!wrong.matches(record))
        #expect(right.wrappingKey(salt: salt) != right.check(salt: salt))
    }
}
