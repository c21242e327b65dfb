import PailHTTP
import PailS3
import PailStorage

extension S3Service {
    func requestTags(_ r: S3Request) throws -> [ObjectTag] { [] }
    func getObjectTagging(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func putObjectTagging(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func deleteObjectTagging(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func getBucketTagging(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func putBucketTagging(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func deleteBucketTagging(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func getBucketLifecycle(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func putBucketLifecycle(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func deleteBucketLifecycle(_ r: S3Request) throws -> HTTPResponse { throw S3Error.notImplemented() }
    func expirationHeader(_ info: ObjectInfo) -> String? { nil }
}
