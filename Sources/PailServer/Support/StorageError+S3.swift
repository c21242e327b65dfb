import PailS3
import PailStorage

extension StorageError {
    /// The S3 error a storage failure becomes.
    func s3(bucket: String?, key: String?, uploadId: String? = nil) -> S3Error {
        switch self {
        case .noSuchBucket: return .noSuchBucket(bucket ?? "")
        case .bucketAlreadyExists: return .bucketAlreadyExists(bucket ?? "")
        case .bucketNotEmpty: return .bucketNotEmpty(bucket ?? "")
        case .noSuchKey: return .noSuchKey(key ?? "")
        case .noSuchUpload: return .noSuchUpload(uploadId ?? "")
        case .preconditionFailed: return .preconditionFailed("If-Match")
        case .io, .database: return .internalError()
        }
    }
}

/// Runs a storage call, turning its errors into S3 errors named for this bucket and key.
func storage<T>(bucket: String?, key: String? = nil, uploadId: String? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StorageError {
        throw error.s3(bucket: bucket, key: key, uploadId: uploadId)
    }
}
