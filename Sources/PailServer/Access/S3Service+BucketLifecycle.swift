import PailHTTP
import PailS3

extension S3Service {
    /// CreateBucket with what it asks for beyond the bucket (ACL headers, `x-amz-object-ownership`,
    /// the AWS defaults): checked first, so a refused request creates nothing, and stored once the
    /// bucket exists.
    func createBucketWithAccess(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let setup = try authorizer.prepareBucketCreation(r)
        let existed = (try? store.bucket(bucket)) != nil
        let response = try createBucket(r)
        try storage(bucket: bucket) { try authorizer.applyBucketCreation(setup, bucket: bucket, existed: existed) }
        return response
    }

    /// DeleteBucket, forgetting the bucket's cached access settings.
    func deleteBucketWithAccess(_ r: S3Request) throws -> HTTPResponse {
        defer { if let bucket = r.bucket { authorizer.invalidate(bucket) } }
        return try deleteBucket(r)
    }
}
