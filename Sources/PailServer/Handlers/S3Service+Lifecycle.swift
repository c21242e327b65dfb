import Foundation
import PailHTTP
import PailS3
import PailStorage

/// Put/Get/DeleteBucketLifecycleConfiguration, and the `x-amz-expiration` header of the objects a
/// rule covers. The rules are applied by `LifecycleSweeper`.
extension S3Service {
    func getBucketLifecycle(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        guard let configuration = try lifecycle(bucket) else { throw S3Error.noSuchLifecycleConfiguration(bucket) }
        return S3XML.response(configuration.xmlBody())
    }

    func putBucketLifecycle(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let configuration = try LifecycleConfiguration.parse(try PayloadReader(request: r).readXML(limit: 1 << 20))
        let bytes = try BucketSettingCoding.encode(configuration)
        try storeBucketSetting(bucket, BucketSettingName.lifecycle, bytes)
        return HTTPResponse(status: 200)
    }

    func deleteBucketLifecycle(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        try storeBucketSetting(bucket, BucketSettingName.lifecycle, nil)
        return HTTPResponse(status: 204)
    }

    /// The bucket's lifecycle configuration, nil when it has none (cached: GET and HEAD ask for
    /// every object).
    func lifecycle(_ bucket: String) throws -> LifecycleConfiguration? {
        try lifecycles.value(bucket) {
            try storage(bucket: bucket) { try store.bucketSetting(bucket, BucketSettingName.lifecycle) }
                .flatMap { try? BucketSettingCoding.decode(LifecycleConfiguration.self, $0) }
        }
    }

    /// `x-amz-expiration` for the current version `info` when a lifecycle rule will expire it.
    func expirationHeader(_ info: ObjectInfo) -> String? {
        guard info.isLatest, !info.isDeleteMarker, let configuration = try? lifecycle(info.bucket) else { return nil }
        return LifecycleEvaluator(configuration).expirationHeader(key: info.key, size: info.size, tags: TagSet(info.tags),
                                                                  lastModified: info.lastModified)
    }
}
