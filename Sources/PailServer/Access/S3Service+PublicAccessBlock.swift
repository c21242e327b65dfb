import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    /// PutPublicAccessBlock: replaces all four flags (an absent flag is false). Takes effect on the
    /// next request; existing ACLs and policies are kept (S3 API reference, PutPublicAccessBlock).
    func putPublicAccessBlock(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        _ = try bucketAccess(bucket)
        let block = try PublicAccessBlock.parse(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        try storeBucketSetting(bucket, BucketSettingName.publicAccessBlock, encoding: block)
        return HTTPResponse(status: 200)
    }

    /// GetPublicAccessBlock, or NoSuchPublicAccessBlockConfiguration when never set.
    func getPublicAccessBlock(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        guard let block = try bucketAccess(bucket).publicAccessBlock else { throw S3Error.noSuchPublicAccessBlock(bucket) }
        return S3XML.response(block.xml)
    }

    /// DeletePublicAccessBlock. 204.
    func deletePublicAccessBlock(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        _ = try bucketAccess(bucket)
        try storeBucketSetting(bucket, BucketSettingName.publicAccessBlock, nil)
        return HTTPResponse(status: 204)
    }
}
