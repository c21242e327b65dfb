import Foundation
import PailHTTP
import PailS3
import PailStorage

/// Put/Get/DeleteBucketCors. The rules are applied by `preflight` and `addCORSHeaders`
/// (S3Service+Preflight.swift).
extension S3Service {
    func getBucketCors(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        guard let configuration = try corsConfiguration(bucket) else { throw S3Error.noSuchCORSConfiguration(bucket) }
        var response = HTTPResponse(status: 200, body: .bytes(configuration.xmlBody()))
        response.headers.add("Content-Type", "application/xml")
        return response
    }

    /// The body is checked against Content-MD5 or an `x-amz-checksum-*` header when the client sent
    /// one (AWS requires one of them for PutBucketCors; SDKs always send it). S3 caps the
    /// configuration at 64 KB.
    func putBucketCors(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        let checks = try ChecksumRequest(r)
        let payload = try PayloadReader(request: r)
        let body = try payload.readXML(limit: 64 * 1024)
        let checksum = checks.algorithm.map(Checksum.init)
        body.withUnsafeBytes { checksum?.update($0) }
        _ = try checks.verify(md5: md5(body), checksum: checksum?.finalize(), trailers: payload.trailers)
        let configuration = try CORSConfiguration.parse(body)
        let bytes = try BucketSettingCoding.encode(configuration)
        try storeBucketSetting(bucket, BucketSettingName.cors, bytes)
        return HTTPResponse(status: 200)
    }

    func deleteBucketCors(_ r: S3Request) throws -> HTTPResponse {
        let bucket = try r.requireBucket()
        try ownedBucket(r, bucket)
        try storeBucketSetting(bucket, BucketSettingName.cors, nil)
        return HTTPResponse(status: 204)
    }

    /// The bucket's CORS configuration, nil when it has none (cached). Throws NoSuchBucket.
    func corsConfiguration(_ bucket: String) throws -> CORSConfiguration? {
        try corsConfigurations.value(bucket) {
            try storage(bucket: bucket) { try store.bucketSetting(bucket, BucketSettingName.cors) }
                .flatMap { try? BucketSettingCoding.decode(CORSConfiguration.self, $0) }
        }
    }
}
