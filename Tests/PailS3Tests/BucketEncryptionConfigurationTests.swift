import Testing
@testable import PailS3

@Suite struct BucketEncryptionConfigurationTests {
    static func parse(_ rule: String) throws -> BucketEncryptionConfiguration {
        try BucketEncryptionConfiguration.parse(Array("<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(rule)</ServerSideEncryptionConfiguration>".utf8))
    }

    static func code(_ rule: String) -> String? {
        do { _ = try parse(rule); return nil } catch let e as S3Error { return e.code } catch { return "\(error)" }
    }

    @Test func parse_kmsWithKeyAndBucketKey_roundTripsThroughTheAnswer() throws {
        let c = try Self.parse("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>alias/app</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>")
        #expect(c == BucketEncryptionConfiguration(algorithm: "aws:kms", kmsMasterKeyID: "alias/app", bucketKeyEnabled: true))
        #expect(try BucketEncryptionConfiguration.parse(c.xmlBody()) == c)
    }

    @Test func parse_aes256WithoutBucketKey_defaultsItToFalse() throws {
        let c = try Self.parse("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm> AES256 </SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>")
        #expect(c == BucketEncryptionConfiguration(algorithm: "AES256"))
        #expect(String(decoding: c.xmlBody(), as: UTF8.self).contains("<BucketKeyEnabled>false</BucketKeyEnabled>"))
    }

    @Test func parse_invalidDocuments_areMalformedXML() {
        #expect(Self.code("") == "MalformedXML")
        #expect(Self.code("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>DES</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>") == "MalformedXML")
        #expect(Self.code("<Rule><BucketKeyEnabled>true</BucketKeyEnabled></Rule>") == "MalformedXML")
        #expect(Self.code("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><Other/></ApplyServerSideEncryptionByDefault></Rule>") == "MalformedXML")
        let rule = "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>"
        #expect(Self.code(rule + rule) == "MalformedXML")
    }

    @Test func parse_kmsKeyBesideAES256_isInvalidArgument() {
        #expect(Self.code("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule>") == "InvalidArgument")
    }
}
