import Testing
@testable import PailS3

@Suite struct S3OperationTests {
    private func op(_ method: String, bucket: Bool = true, key: Bool = false, copy: Bool = false,
                    _ query: [String: String] = [:]) -> S3Operation {
        S3Operation.classify(method: method, bucket: bucket, key: key, copySource: copy,
                             has: { query[$0] != nil }, value: { query[$0] })
    }

    @Test func bucketSubresources_mapToTheirOperations() {
        #expect(op("GET", bucket: false) == .listBuckets)
        #expect(op("GET", ["versions": ""]) == .listObjectVersions)
        #expect(op("GET", ["versioning": ""]) == .getBucketVersioning)
        #expect(op("PUT", ["versioning": ""]) == .putBucketVersioning)
        #expect(op("PUT", ["tagging": ""]) == .putBucketTagging)
        #expect(op("DELETE", ["lifecycle": ""]) == .deleteBucketLifecycle)
        #expect(op("GET", ["object-lock": ""]) == .getObjectLockConfiguration)
        #expect(op("GET", ["list-type": "2"]) == .listObjectsV2)
        #expect(op("GET") == .listObjects)
        #expect(op("PUT") == .createBucket)
        #expect(op("POST", ["delete": ""]) == .deleteObjects)
    }

    @Test func unsupportedSubresources_neverFallThroughToThePlainOperation() {
        // A PUT ?website must not create a bucket, a DELETE ?replication must not delete one.
        #expect(op("PUT", ["website": ""]) == .unsupportedBucketSubresource)
        #expect(op("DELETE", ["replication": ""]) == .unsupportedBucketSubresource)
        #expect(op("GET", ["logging": ""]) == .unsupportedBucketSubresource)
    }

    @Test func objectOperations() {
        #expect(op("PUT", key: true) == .putObject)
        #expect(op("PUT", key: true, copy: true) == .copyObject)
        #expect(op("PUT", key: true, ["uploadId": "u", "partNumber": "1"]) == .uploadPart)
        #expect(op("PUT", key: true, copy: true, ["uploadId": "u", "partNumber": "1"]) == .uploadPartCopy)
        #expect(op("PUT", key: true, ["tagging": ""]) == .putObjectTagging)
        #expect(op("PUT", key: true, ["retention": ""]) == .putObjectRetention)
        #expect(op("GET", key: true, ["legal-hold": ""]) == .getObjectLegalHold)
        #expect(op("DELETE", key: true, ["tagging": ""]) == .deleteObjectTagging)
        #expect(op("DELETE", key: true, ["versionId": "v"]) == .deleteObject)
        #expect(op("GET", key: true, ["versionId": "v"]) == .getObject)
        #expect(op("POST", key: true, ["uploads": ""]) == .createMultipartUpload)
        #expect(op("PATCH", key: true) == .unknown)
    }

    @Test func rawValues_areAWSNames_andUnique() {
        let names = S3Operation.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(S3Operation.isKnown("listobjectversions") && !S3Operation.isKnown("ListObjectVersion"))
    }
}
