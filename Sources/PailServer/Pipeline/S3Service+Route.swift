import PailHTTP
import PailS3

extension S3Service {
    /// Runs the operation `S3Operation` names for the request.
    func route(_ r: S3Request) throws -> HTTPResponse {
        if let bucket = r.bucket { try checkBucketNameForAccess(bucket) }
        switch r.operation {
        case "ListBuckets": return try listBuckets(r)
        case "CreateBucket": try rejectUnsupportedSubresource(r); return try createBucket(r)
        case "HeadBucket": return try headBucket(r)
        case "DeleteBucket": try rejectUnsupportedSubresource(r); return try deleteBucket(r)
        case "GetBucketLocation": return try getBucketLocation(r)
        case "GetBucketVersioning": return try getBucketVersioning(r)
        case "ListMultipartUploads": return try listMultipartUploads(r)
        case "ListObjectsV2": try rejectUnsupportedSubresource(r); return try listObjectsV2(r)
        case "ListObjects": try rejectUnsupportedSubresource(r); return try listObjectsV1(r)
        case "DeleteObjects": return try deleteObjects(r)
        case "PutObject": try rejectUnsupportedSubresource(r); return try putObject(r)
        case "CopyObject": return try copyObject(r)
        case "UploadPart": return try uploadPart(r)
        case "UploadPartCopy": return try uploadPartCopy(r)
        case "GetObject": try rejectUnsupportedSubresource(r); return try getObject(r, head: false)
        case "HeadObject": return try getObject(r, head: true)
        case "GetObjectAttributes": return try getObjectAttributes(r)
        case "DeleteObject": return try deleteObject(r)
        case "CreateMultipartUpload": return try createMultipartUpload(r)
        case "CompleteMultipartUpload": return try completeMultipartUpload(r)
        case "AbortMultipartUpload": return try abortMultipartUpload(r)
        case "ListParts": return try listParts(r)
        default:
            throw S3Error.methodNotAllowed(r.method, resource: r.bucket == nil ? "SERVICE" : r.key == nil ? "BUCKET" : "OBJECT")
        }
    }

    /// Sub-resources S3 has but Pail does not implement get NotImplemented rather than being
    /// mistaken for the plain operation (a PUT ?tagging must not overwrite the object).
    private func rejectUnsupportedSubresource(_ r: S3Request) throws {
        for (name, _) in r.query where Self.subresources.contains(name) {
            throw S3Error.notImplemented("The \(name) sub-resource is not implemented by Pail.")
        }
    }

    static let subresources: Set<String> = [
        "acl", "accelerate", "analytics", "cors", "encryption", "intelligent-tiering", "inventory", "legal-hold",
        "lifecycle", "logging", "metrics", "notification", "object-lock", "ownershipControls", "policy",
        "policyStatus", "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select",
        "tagging", "torrent", "versioning", "versions", "website",
    ]

    /// Names that can never be buckets are NoSuchBucket for access (creation reports InvalidBucketName).
    private func checkBucketNameForAccess(_ bucket: String) throws {
        if bucket.isEmpty || bucket.utf8.count > 255 { throw S3Error.noSuchBucket(bucket) }
    }
}
