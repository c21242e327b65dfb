import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// GetBucketVersioning: an empty configuration until versioning was first set, then its Status
    /// (API reference, GetBucketVersioning).
    func getBucketVersioning(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let info = try ownedBucket(r, bucket)
        return S3XML.response(VersioningConfiguration(status: info.versioning).xmlBody())
    }

    /// PutBucketVersioning: Enabled or Suspended. MFA delete needs an MFA device, which a local
    /// server cannot check, so asking for it is refused rather than silently ignored.
    func putBucketVersioning(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let body = try PayloadReader(request: r).readXML(limit: 64 * 1024)
        let configuration = try VersioningConfiguration.parse(body, hasMFAHeader: r.headers["x-amz-mfa"] != nil)
        if configuration.status == .suspended, try objectLock(bucket) != nil {
            throw S3Error("InvalidBucketState", 409, "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.")
        }
        if let state = configuration.status {
            try storage(bucket: bucket) { try store.setVersioning(bucket, state) }
        }
        return HTTPResponse(status: 200)
    }
}
