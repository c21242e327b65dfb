import PailHTTP
import PailS3
import PailStorage

/// Object tagging (Put/Get/DeleteObjectTagging, with versionId) and bucket tagging
/// (Put/Get/DeleteBucketTagging), and the `x-amz-tagging` header of writes.
extension S3Service {
    /// The tags an `x-amz-tagging` header carries (PutObject, CreateMultipartUpload, CopyObject
    /// with REPLACE), checked against S3's object limits.
    func requestTags(_ r: S3Request) throws -> [ObjectTag] {
        guard let header = r.headers["x-amz-tagging"] else { return [] }
        let set = try TagSet.parseHeader(header)
        try set.validate(for: .object)
        return set.tags
    }

    func getObjectTagging(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let versionParam = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.head(bucket: bucket, key: key, version: VersionSelector(versionParam))
        }
        var response = S3XML.response(TagSet(info.tags).xmlBody())
        if info.versionId != nil || versionParam != nil { response.headers.add("x-amz-version-id", info.versionIdOrNull) }
        return response
    }

    func putObjectTagging(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        let set = try TagSet.parseXML(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        try set.validate(for: .object)
        return try setObjectTags(r, bucket: bucket, key: key, set.tags)
    }

    func deleteObjectTagging(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket(), key = try r.requireKey()
        try ownedBucket(r, bucket)
        var response = try setObjectTags(r, bucket: bucket, key: key, [])
        response.status = 204
        return response
    }

    private func setObjectTags(_ r: S3Request, bucket: String, key: String, _ tags: [ObjectTag]) throws -> HTTPResponse {
        let versionParam = r.param("versionId")
        let info = try storage(bucket: bucket, key: key, versionId: versionParam) {
            try store.setTags(bucket: bucket, key: key, version: VersionSelector(versionParam), tags: tags)
        }
        var response = HTTPResponse(status: 200)
        if info.versionId != nil || versionParam != nil { response.headers.add("x-amz-version-id", info.versionIdOrNull) }
        return response
    }

    func getBucketTagging(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        guard let stored = try storage(bucket: bucket, { try store.bucketSetting(bucket, BucketSettingName.tagging) }),
              let set = try? BucketSettingCoding.decode(TagSet.self, stored), !set.isEmpty else {
            throw S3Error.noSuchTagSet()
        }
        return S3XML.response(set.xmlBody())
    }

    func putBucketTagging(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let set = try TagSet.parseXML(try PayloadReader(request: r).readXML(limit: 64 * 1024))
        try set.validate(for: .bucket)
        let bytes = try BucketSettingCoding.encode(set)
        try storeBucketSetting(bucket, BucketSettingName.tagging, bytes)
        return HTTPResponse(status: 204)
    }

    func deleteBucketTagging(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        try storeBucketSetting(bucket, BucketSettingName.tagging, nil)
        return HTTPResponse(status: 204)
    }
}
