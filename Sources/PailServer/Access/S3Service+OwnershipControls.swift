import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// PutBucketOwnershipControls. Moving to BucketOwnerEnforced while the bucket's ACL grants anyone
    /// but the owner is InvalidBucketAclWithObjectOwnership (S3 User Guide, "Prerequisites for
    /// disabling ACLs").
    func putBucketOwnershipControls(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        let b = try bucketAccess(bucket)
        let ownership = try ObjectOwnership.parse(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        if ownership == .bucketOwnerEnforced, b.acl != .ownerOnly(b.ownerID) {
            throw S3Error.invalidBucketAclWithObjectOwnership()
        }
        try storeBucketSetting(bucket, BucketSettingName.ownershipControls, encoding: ownership)
        return HTTPResponse(status: 200)
    }

    /// GetBucketOwnershipControls, or OwnershipControlsNotFoundError when never set.
    func getBucketOwnershipControls(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        guard let ownership = try bucketAccess(bucket).ownership else { throw S3Error.ownershipControlsNotFound(bucket) }
        return S3XML.response(ownership.xml)
    }

    /// DeleteBucketOwnershipControls: the bucket behaves as ObjectWriter again. 204.
    func deleteBucketOwnershipControls(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        _ = try bucketAccess(bucket)
        try storeBucketSetting(bucket, BucketSettingName.ownershipControls, nil)
        return HTTPResponse(status: 204)
    }
}
