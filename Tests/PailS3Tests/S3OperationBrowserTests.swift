import Testing
@testable import PailS3

/// The operations a browser sends without an `Authorization` header: POST Object and CORS preflights.
@Suite struct S3OperationBrowserTests {
    private func op(_ method: String, key: Bool = false, _ query: [String: String] = [:]) -> S3Operation {
        S3Operation.classify(method: method, bucket: true, key: key, copySource: false,
                             has: { query[$0] != nil }, value: { query[$0] })
    }

    @Test func bucketPost_withoutDelete_isPostObject() {
        #expect(op("POST") == .postObject)
        #expect(op("POST", ["delete": ""]) == .deleteObjects)
        // POST Object is a bucket operation: a POST on a key stays unknown (405).
        #expect(op("POST", key: true) == .unknown)
    }

    @Test func options_onBucketOrObject_isThePreflight() {
        #expect(op("OPTIONS") == .optionsObject)
        #expect(op("OPTIONS", key: true) == .optionsObject)
        #expect(op("OPTIONS", key: true, ["uploadId": "u"]) == .optionsObject)
        #expect(S3Operation.classify(method: "OPTIONS", bucket: false, key: false, copySource: false,
                                     has: { _ in false }, value: { _ in nil }) == .unknown)
    }

    @Test func corsSubresource_mapsToTheCorsOperations() {
        #expect(op("GET", ["cors": ""]) == .getBucketCors)
        #expect(op("PUT", ["cors": ""]) == .putBucketCors)
        #expect(op("DELETE", ["cors": ""]) == .deleteBucketCors)
    }
}
