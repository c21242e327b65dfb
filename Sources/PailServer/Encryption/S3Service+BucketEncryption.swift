import PailHTTP
import PailS3
import PailStorage

/// Put/Get/DeleteBucketEncryption: a bucket's default encryption, applied by `newObjectKey` to
/// writes that name none (API reference, PutBucketEncryption).
extension S3Service {
    func getBucketEncryption(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        guard let configuration = try bucketEncryption(bucket) else { throw S3Error.encryptionConfigurationNotFound(bucket) }
        var response = HTTPResponse(status: 200, body: .bytes(configuration.xmlBody()))
        response.headers.add("Content-Type", "application/xml")
        return response
    }

    /// The KMS key a default names is not checked here (S3 does not either): writes that use the
    /// default answer KMS.NotFoundException if it does not exist.
    func putBucketEncryption(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let configuration = try BucketEncryptionConfiguration.parse(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        let bytes = try BucketSettingCoding.encode(configuration)
        try storeBucketSetting(bucket, BucketSettingName.encryption, bytes)
        return HTTPResponse(status: 200)
    }

    func deleteBucketEncryption(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        try storeBucketSetting(bucket, BucketSettingName.encryption, nil)
        return HTTPResponse(status: 204)
    }
}
