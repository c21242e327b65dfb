import PailS3
import PailStorage

extension StorageError {
    /// The S3 error a storage failure becomes.
    func s3(bucket: String?, key: String?, uploadId: String? = nil, versionId: String? = nil) -> S3Error {
        switch self {
        case .noSuchBucket: return .noSuchBucket(bucket ?? "")
        case .bucketAlreadyExists: return .bucketAlreadyExists(bucket ?? "")
        case .bucketNotEmpty: return .bucketNotEmpty(bucket ?? "")
        case .noSuchKey: return .noSuchKey(key ?? "")
        case .latestIsDeleteMarker(let id):
            // S3 answers a read of a key whose newest version is a delete marker with 404 and
            // tells the client so (API reference, GetObject: x-amz-delete-marker).
            return S3Error.noSuchKey(key ?? "").header("x-amz-delete-marker", "true").header("x-amz-version-id", id ?? "null")
        case .noSuchVersion: return .noSuchVersion(key: key ?? "", versionId: versionId ?? "")
        case .isDeleteMarker(let info):
            // A delete marker named by its version id: 405, with the marker's headers.
            return S3Error.methodNotAllowed("GET", resource: "DeleteMarker")
                .header("x-amz-delete-marker", "true").header("x-amz-version-id", info.versionIdOrNull)
                .header("Last-Modified", S3Date.http(info.lastModified))
        case .invalidVersionId: return .invalidVersionId(versionId ?? "")
        case .objectLocked: return .accessDenied("Access Denied because object protected by object lock.")
        case .noSuchUpload: return .noSuchUpload(uploadId ?? "")
        case .preconditionFailed: return .preconditionFailed("If-Match")
        case .outOfSpace: return .storageFull()
        case .outOfDescriptors:
            return .slowDown("Please reduce your request rate: the server has run out of file descriptors.")
        case .io, .database: return .internalError()
        }
    }
}

/// Runs a storage call, turning its errors into S3 errors named for this bucket, key and version.
func storage<T>(bucket: String?, key: String? = nil, uploadId: String? = nil, versionId: String? = nil,
                _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StorageError {
        throw error.s3(bucket: bucket, key: key, uploadId: uploadId, versionId: versionId)
    }
}
